import { createHash } from 'node:crypto';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { htmlReporter } from '../../src/reporters/html.js';
import { expectGolden } from '../support/golden.js';
import { XSS_ATTR, XSS_SCRIPT, emptyResult, hostileResult, scanResult } from './fixture.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node): Element[] {
  const out: Element[] = [];
  const walk = (n: Node): void => {
    if ('tagName' in n) out.push(n);
    const kids = 'childNodes' in n ? n.childNodes : [];
    for (const c of kids) walk(c);
    if ('content' in n && n.content) walk(n.content);
  };
  walk(node);
  return out;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

const attr = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

function page(html: string): Element[] {
  return elements(parse(html));
}

describe('html reporter', () => {
  const out = htmlReporter(scanResult(), {});
  const els = page(out);

  it('renders hostile document text as text, never as markup', () => {
    const html = htmlReporter(hostileResult(), {});
    const all = page(html);
    expect(all.filter((e) => e.tagName === 'script')).toHaveLength(1); // ours only
    expect(all.filter((e) => e.tagName === 'img')).toHaveLength(0);
    expect(all.filter((e) => e.tagName === 'b')).toHaveLength(0);
    expect(all.some((e) => e.attrs.some((a) => a.name.startsWith('on')))).toBe(false);
    const context = all.find((e) => e.tagName === 'p' && attr(e, 'class') === 'ctx' && textOf(e).includes('alert'))!;
    expect(textOf(context)).toContain(XSS_SCRIPT);
    expect(textOf(context)).toContain(XSS_ATTR);
    expect(textOf(context)).toContain('␛[2J'); // terminal escapes made visible here too
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain('<img');
    const message = all.find((e) => e.tagName === 'p' && attr(e, 'class') === 'msg' && textOf(e).includes('onerror'))!;
    expect(textOf(message).startsWith(`"${XSS_ATTR}"`)).toBe(true);
    const fileCell = all.find((e) => e.tagName === 'th' && textOf(e).includes('bold'))!;
    expect(textOf(fileCell)).toBe('SOPs/<b>bold</b> & "quoted".md');
  });

  it('is self-contained: no external or relative resources, only in-page links', () => {
    for (const tag of ['link', 'img', 'iframe', 'object', 'embed', 'base', 'form']) expect(els.filter((e) => e.tagName === tag)).toEqual([]);
    expect(els.filter((e) => attr(e, 'src') !== undefined)).toEqual([]);
    const hrefs = els.map((e) => attr(e, 'href')).filter((h): h is string => h !== undefined);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((h) => /^#f\d+$/.test(h))).toBe(true);
    for (const h of hrefs) expect(els.some((e) => attr(e, 'id') === h.slice(1))).toBe(true);
    expect(out).not.toMatch(/https?:\/\//);
    expect(out).not.toMatch(/url\(|@import/);
  });

  it('has a strict CSP that allows exactly its own inline style and script by hash', () => {
    const meta = els.find((e) => e.tagName === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy')!;
    const csp = attr(meta, 'content')!;
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const script = textOf(els.find((e) => e.tagName === 'script')!);
    const style = textOf(els.find((e) => e.tagName === 'style')!);
    expect(csp).toBe(`default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; base-uri 'none'; form-action 'none'`);
    expect(els.filter((e) => attr(e, 'style') !== undefined)).toEqual([]); // style attributes would be blocked
    const head = els.find((e) => e.tagName === 'head')!;
    expect(head.childNodes.filter((n) => 'tagName' in n)[1]).toBe(meta); // right after charset, before style
  });

  it('shows tool and knowledge-base versions, generation time and the counts', () => {
    const header = textOf(els.find((e) => e.tagName === 'header')!);
    expect(header).toContain('qmsr 0.1.0');
    expect(header).toContain('1.4.0 (hash 0123456789ab)');
    expect(header).toContain('2026-03-02T09:15:00.000Z');
    const counts = els.find((e) => e.tagName === 'ul' && attr(e, 'class') === 'counts')!;
    expect(elements(counts).filter((e) => e.tagName === 'li').map(textOf)).toEqual([
      '7files',
      '5scanned',
      '1could not be read',
      '12findings',
      '5errors',
      '5warnings',
      '2info',
    ]);
    expect(out).toContain('12 findings in 4 files (5 errors, 5 warnings, 2 info); 1 file could not be read; 1 file skipped.');
  });

  it('lists every file with status, findings and read errors in a table with headers', () => {
    const table = els.find((e) => e.tagName === 'table' && attr(e, 'class') === 'files')!;
    const rows = elements(table).filter((e) => e.tagName === 'tr').slice(1);
    expect(rows).toHaveLength(7);
    const cells = rows.map((r) => r.childNodes.map(textOf));
    expect(cells[4]).toEqual(['SOPs/scanned-2019.pdf', 'pdf', '✖ Could not be read', '0', '0', expect.stringContaining('no text layer')]);
    expect(cells[5]!.slice(0, 5)).toEqual(['Work Instructions/WI-07 Receiving #2.md', 'md', '✔ Scanned', '4', '2']);
    expect(elements(table).filter((e) => e.tagName === 'th').every((th) => attr(th, 'scope') !== undefined)).toBe(true);
  });

  it('shows each finding with location, a worded severity badge, the highlighted match and the replacement', () => {
    const rows = els.filter((e) => e.tagName === 'tr' && attr(e, 'data-severity') !== undefined);
    expect(rows).toHaveLength(12);
    const row = rows.find((r) => textOf(r).includes('820.30(g)'))!;
    const [loc, sev, rule, body] = row.childNodes.map(textOf);
    expect([loc, sev, rule]).toEqual(['¶9', '✖ Error', 'outdated-citation']);
    expect(body).toContain('Suggested replacement: ISO 13485:2016 clause 7.3.7 (21 CFR 820.10(c))');
    const mark = elements(row).find((e) => e.tagName === 'mark')!;
    expect(textOf(mark)).toBe('21 CFR 820.30(g)');
    expect(rows.map((r) => attr(r, 'data-severity'))).toContain('info');
    expect(rows.filter((r) => textOf(r).includes('ℹ Info'))).toHaveLength(2);
  });

  it('keeps the filters hidden until the script shows them', () => {
    const filters = els.find((e) => attr(e, 'id') === 'filters')!;
    expect(attr(filters, 'hidden')).toBe('');
    const options = (id: string): string[] => elements(els.find((e) => attr(e, 'id') === id)!).filter((e) => e.tagName === 'option').map((o) => attr(o, 'value')!);
    expect(options('f-severity')).toEqual(['', 'error', 'warning', 'info']);
    expect(options('f-rule')).toEqual(['', 'changed-citation', 'nonexistent-citation', 'obsolete-term', 'outdated-citation', 'stale-statement']);
    expect(options('f-file')).toEqual(['', 'f1', 'f2', 'f3', 'f6']);
  });

  it('says there are no findings for a clean scan', () => {
    const html = htmlReporter(emptyResult(), {});
    expect(html).toContain('<p>No findings.</p>');
    expect(html).not.toContain('id="filters"');
  });

  it('matches the golden file', () => {
    expectGolden('reporters/scan.html', out);
  });
});
