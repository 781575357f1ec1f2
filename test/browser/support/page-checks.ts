/**
 * What every page must get right, checked on each page the journey visits:
 * one h1, a label for every form control, a name for every button and link,
 * landmarks, and no console errors. Screenshots go to /tmp/qmsr-screens.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where screenshots go. */
export const SCREENS = '/tmp/qmsr-screens';

/** Problems the page has, in words (empty when it passes). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const visible = (el: Element) => {
      const box = (el as HTMLElement).getBoundingClientRect();
      const style = getComputedStyle(el);
      return style.display !== 'none' && style.visibility !== 'hidden' && (box.width > 0 || box.height > 0 || el.closest('.visually-hidden') !== null);
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}`;
    const named = (el: Element) =>
      Boolean(el.getAttribute('aria-label')?.trim()) ||
      Boolean(el.getAttribute('aria-labelledby')?.split(/\s+/).some((id) => document.getElementById(id)?.textContent?.trim())) ||
      Boolean((el as HTMLElement).innerText?.trim() || el.textContent?.trim());

    const h1s = [...document.querySelectorAll('h1')].filter((h) => !h.closest('dialog:not([open])'));
    if (h1s.length !== 1) problems.push(`expected one h1, found ${h1s.length}: ${h1s.map((h) => h.textContent).join(' | ')}`);
    if (!document.documentElement.lang) problems.push('<html> has no lang');
    if (!document.querySelector('main')) problems.push('no <main> landmark');
    if (!document.title.trim()) problems.push('empty <title>');

    for (const el of document.querySelectorAll('input, select, textarea')) {
      if ((el as HTMLInputElement).type === 'hidden' || !visible(el)) continue;
      const labelled =
        ((el as HTMLInputElement).labels?.length ?? 0) > 0 || Boolean(el.getAttribute('aria-label')?.trim()) || Boolean(el.getAttribute('aria-labelledby'));
      if (!labelled) problems.push(`${describe(el)} has no label`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if (!visible(el)) continue;
      if (!named(el)) problems.push(`${describe(el)} has no accessible name`);
    }
    for (const el of document.querySelectorAll('svg[role="img"]')) {
      if (!el.getAttribute('aria-label')?.trim()) problems.push('an svg image has no aria-label');
    }
    for (const table of document.querySelectorAll('table')) {
      if (!table.querySelector('th')) problems.push('a table without header cells');
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dupes.length) problems.push(`duplicate ids: ${[...new Set(dupes)].join(', ')}`);
    return problems;
  });
}

/** Assert the page passes the checks and save a screenshot as `<name>.png`. */
export async function checkPage(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: options.fullPage ?? true });
  expect(await accessibilityProblems(page), `accessibility of ${name}`).toEqual([]);
}

/** An expected failed request the browser logs to the console (status and path). */
export interface ExpectedFailure {
  status: number;
  path: string;
}

/**
 * Collect console errors and uncaught page errors. A failed request the
 * browser logs ("Failed to load resource: … 401") is an error unless it is
 * listed in `expected` (the journey provokes a few on purpose).
 */
export function watchConsole(page: Page): { errors: string[]; expect(f: ExpectedFailure): void } {
  const errors: string[] = [];
  const allowed: ExpectedFailure[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(msg.text())?.[1];
    const url = msg.location().url;
    if (status && url) {
      const path = new URL(url).pathname;
      const i = allowed.findIndex((a) => a.status === Number(status) && a.path === path);
      if (i >= 0) {
        allowed.splice(i, 1);
        return;
      }
    }
    errors.push(`${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return { errors, expect: (f) => allowed.push(f) };
}
