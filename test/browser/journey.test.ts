/**
 * The team workspace in a real browser, end to end, as a QA manager and a
 * reviewer use it: first-run setup, sign-in, an assessment from the example
 * profile, the example SOPs uploaded and scanned, a finding with its
 * replacement and the redlined copy, part of the checklist worked (statuses
 * with reasons, evidence accepted, a conflicting edit that keeps the user's
 * input), the guide and crosswalk, users and the audit trail, a reviewer's
 * signature, and the xlsx and PDF reports.
 *
 * Runs the real server in this process (embedded database in a temporary
 * folder) and the real build in web/dist (rebuilt when stale), with Debian's
 * Chromium. Every page visited is checked for one h1, labelled controls,
 * named buttons and links, and saved to /tmp/qmsr-screens/<page>.png. Steps
 * depend on the ones before them, in order.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP } from '../../src/server/static.js';
import { buildDocx } from '../support/builders/docx-builder.js';
import { chromiumMissing, launchChromium } from './support/chromium.js';
import { checkPage, watchConsole } from './support/page-checks.js';
import { ROOT, ensureWebBuild } from './support/web-build.js';
import type { Workspace } from './support/workspace.js';
import { startWorkspace } from './support/workspace.js';

const missing = chromiumMissing();
const ADMIN = { username: 'qa.admin', fullName: 'Quinn Admin', password: 'Granite-Harbor-Lantern-42' };
const REVIEWER = { username: 'rita.reviewer', fullName: 'Rita Reviewer', initial: 'Temporary-Orchard-Key-77', password: 'Silver-Meadow-Compass-19' };
const PROFILE = join(ROOT, 'examples', 'profiles', 'iso-certified-class2.json');
const SOPS = join(ROOT, 'examples', 'sops');

/** The example SOPs, or (while examples/sops does not exist) two built here with the same problems. */
async function sopFiles(dir: string): Promise<{ files: string[]; designSop: string }> {
  if (existsSync(SOPS) && readdirSync(SOPS).some((f) => f.endsWith('.docx'))) {
    const files = readdirSync(SOPS)
      .filter((f) => !f.startsWith('.') && !/^readme/i.test(f))
      .map((f) => join(SOPS, f));
    const design = files.find((f) => /design/i.test(f) && f.endsWith('.docx')) ?? files.find((f) => f.endsWith('.docx'))!;
    return { files, designSop: design.split('/').pop()! };
  }
  const { writeFileSync } = await import('node:fs');
  const docx = join(dir, 'SOP-002 Design Controls.docx');
  writeFileSync(
    docx,
    await buildDocx({
      body: [
        { runs: 'SOP-002 Design Controls', heading: 1 },
        'Design validation shall follow 21 CFR 820.30(g) and include risk analysis where appropriate.',
        'The design history file (DHF) is kept per 21 CFR 820.30(j).',
      ],
    }),
  );
  const md = join(dir, 'SOP-004 Complaint Handling.md');
  writeFileSync(md, '# SOP-004 Complaint Handling\n\nComplaints are handled per 21 CFR 820.198 and recorded in the complaint file.\n');
  return { files: [docx, md], designSop: 'SOP-002 Design Controls.docx' };
}

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

describe.skipIf(missing !== undefined)(`browser journey${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let ws: Workspace;
  let browser: Browser;
  let page: Page;
  let browserLog: ReturnType<typeof watchConsole>;
  let assessmentUrl = '';

  /** One step of the journey; skipped once an earlier step failed, since each builds on the last. */
  let failed: string | undefined;
  const step = (name: string, fn: () => Promise<void>, timeout = 60_000) =>
    it(name, { timeout }, async (ctx) => {
      if (failed) ctx.skip(`an earlier step failed: ${failed}`);
      try {
        await fn();
      } catch (err) {
        failed = name;
        throw err;
      }
    });

  const mainNav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const tab = (name: string) => page.getByRole('navigation', { name: 'Assessment' }).getByRole('link', { name, exact: true });
  const h1 = () => page.getByRole('heading', { level: 1 });

  beforeAll(async () => {
    ensureWebBuild();
    ws = await startWorkspace();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true, locale: 'en-GB', timezoneId: 'UTC' });
    // The Content-Security-Policy the server gives the app's pages (src/server/static.ts), applied here
    // too so that anything the policy would block shows up as a console error below.
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': WEB_CSP } });
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    browserLog = watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await ws?.stop();
  });

  step('first run: creates the administrator, who is then signed in', async () => {
    const response = await page.goto(ws.url);
    expect(response?.headers()['content-security-policy']).toBe(WEB_CSP);
    await expect.poll(() => h1().textContent()).toBe('Set up the workspace');
    await checkPage(page, '01-setup');

    await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
    expect(await page.getByText('Give a username.').isVisible()).toBe(true);
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Full name').fill(ADMIN.fullName);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
    await page.getByLabel('Repeat the password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
    await expect.poll(() => h1().textContent()).toBe('Assessments');
    expect(await page.getByText(ADMIN.fullName).first().isVisible()).toBe(true);
  });

  step('signs out, refuses a wrong password with the server’s message, and signs in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => h1().textContent()).toBe('Sign in');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not-the-password-at-all');
    browserLog.expect({ status: 401, path: '/api/session' });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/\w/);
    await checkPage(page, '02-sign-in');

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => h1().textContent()).toBe('Assessments');
  });

  step('creates an assessment from examples/profiles/iso-certified-class2.json', async () => {
    await page.getByRole('button', { name: 'New assessment' }).click();
    await page.getByLabel('Load answers from a profile file (.json)').setInputFiles(PROFILE);
    await expect.poll(() => page.getByLabel('Organisation').inputValue()).toBe('Northwind Medical');
    expect(await page.getByLabel('Class II', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Class III').isChecked()).toBe(false);
    expect(await page.getByLabel('Services devices').isChecked()).toBe(true);
    expect(await page.getByLabel('Holds an ISO 13485:2016 certificate').isChecked()).toBe(true);
    await checkPage(page, '03-new-assessment');

    await page.getByRole('button', { name: 'Create assessment' }).click();
    await expect.poll(() => h1().textContent()).toBe('Northwind Medical QMSR gap assessment');
    assessmentUrl = page.url();
    expect(assessmentUrl).toMatch(/\/assessments\/[\w-]+$/);
  });

  step('uploads and scans the example SOPs', async () => {
    const { files } = await sopFiles(ws.dataDir);
    await tab('Documents').click();
    await expect.poll(() => h1().textContent()).toBe('Documents');
    await page.getByLabel('Documents to upload').setInputFiles(files);
    await page.getByRole('button', { name: files.length > 1 ? `Upload ${files.length} files` : 'Upload' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'uploaded' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Scan all documents' }).click();
    await page.getByText(/^Scan finished/).waitFor({ timeout: 90_000 });
    const rows = page.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count()).toBe(files.length);
    const withFindings = await rows.evaluateAll((trs) => trs.filter((tr) => Number(tr.querySelectorAll('td')[2]?.textContent) > 0).length);
    expect(withFindings).toBeGreaterThan(0);
    await checkPage(page, '04-documents');
  }, 120_000);

  step('opens a finding in its context, sees the replacement, and downloads the redlined copy', async () => {
    const { designSop } = await sopFiles(ws.dataDir);
    const path = `uploads/${designSop}`;
    await page.getByRole('button', { name: `Show the findings in ${path}` }).click();
    const list = page.getByRole('list', { name: 'Findings' });
    await list.waitFor();
    await list.getByRole('button').filter({ hasText: 'citation' }).first().click();
    const finding = page.locator('article.finding');
    const match = (await finding.locator('.context del').textContent()) ?? '';
    const replacement = (await finding.locator('.context ins').textContent()) ?? '';
    expect(match).toMatch(/820/);
    expect(replacement.trim()).not.toBe('');
    expect(replacement).not.toBe(match);
    expect(await finding.locator('.replacement-text').first().textContent()).toBe(replacement);
    await checkPage(page, '05-finding');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download the redlined copy of ${path}` }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(await bytesOf(download));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('<w:ins ');
    expect(xml).toContain('<w:del ');
  });

  step('filters the checklist and counts by status', async () => {
    await tab('Checklist').click();
    await expect.poll(() => h1().textContent()).toBe('Checklist');
    const rows = page.locator('.checklist-table tbody tr');
    await rows.first().waitFor();
    const all = await rows.count();
    expect(all).toBeGreaterThan(50);
    const allChip = page.getByRole('list', { name: 'Items by status for these filters' }).getByRole('button').first();
    expect(await allChip.textContent()).toBe(`All ${all}`);

    await page.getByLabel('FDA-specific').selectOption('true');
    await expect.poll(() => rows.count()).toBeLessThan(all);
    const fda = await rows.count();
    expect(await rows.locator('.badge-fda').count()).toBe(fda);
    expect(page.url()).toContain('fdaSpecific=true');
    await checkPage(page, '06-checklist-fda', { fullPage: false });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(all);
    await checkPage(page, '06-checklist');
  });

  step('assesses an item: accepts evidence, sets status with a reason, adds an action and a comment', async () => {
    const rows = page.locator('.checklist-table tbody tr');
    const withProposal = rows.filter({ has: page.locator('.proposed-count') }).first();
    await withProposal.getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Evidence \(\d+\)$/ }).waitFor();

    const proposed = page.locator('li.evidence-proposed').first();
    await proposed.getByLabel('Reason (optional)').fill('The SOP section covers the clause.');
    await proposed.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.locator('li.evidence-accepted').count()).toBeGreaterThan(0);

    const form = page.getByRole('form', { name: 'Assess this item' });
    await form.getByLabel('Status').selectOption('partial');
    await form.getByLabel('Owner').fill('Dana Quality');
    await form.getByLabel('Due date').fill('2026-06-30');
    await form.getByLabel('Justification').fill('Procedure exists but still cites the old QSR.');
    await form.getByRole('button', { name: 'Save change' }).click();
    expect(await form.getByText('Give a reason for the change.').isVisible()).toBe(true);
    await form.getByLabel('Reason for this change').fill('Initial assessment against SOP evidence');
    await form.getByRole('button', { name: 'Save change' }).click();
    await form.getByText(/^Saved: status, owner, due date, justification\.$/).waitFor();
    const history = page.locator('.history-table tbody');
    await expect.poll(() => history.textContent()).toContain('Initial assessment against SOP evidence');
    expect(await history.textContent()).toContain('Partial');

    const addAction = page.getByRole('form', { name: 'Add an action' });
    await addAction.getByLabel('New action').fill('Revise the SOP to cite ISO 13485:2016');
    await addAction.getByLabel('Owner').fill('Lee Documents');
    await addAction.getByRole('button', { name: 'Add action' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Actions (1)' }).count()).toBe(1);
    const action = page.getByRole('table', { name: 'Remediation actions' }).locator('tbody tr');
    expect(await action.textContent()).toContain('Lee Documents');
    expect(await action.textContent()).toContain('Open');

    await page.getByLabel('Add a comment').fill('Checked against revision F of the SOP.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(() => page.locator('.comments').textContent()).toContain('Checked against revision F');
    await checkPage(page, '07-item');
  });

  step('a conflicting edit shows who changed the item and keeps what the user typed', async () => {
    const itemApi = new URL(page.url()).pathname.replace(/^\/assessments/, '/api/assessments');
    const session = (await (await page.request.get(`${ws.url}/api/session`)).json()) as { csrfToken: string };
    const current = (await (await page.request.get(`${ws.url}${itemApi}`)).json()) as { version: number };
    const other = await page.request.patch(`${ws.url}${itemApi}`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { version: current.version, reason: 'A colleague corrected the owner', owner: 'Sam Colleague' },
    });
    expect(other.status()).toBe(200);

    const form = page.getByRole('form', { name: 'Assess this item' });
    await form.getByLabel('Notes').fill('My note, typed before the conflict');
    await form.getByLabel('Reason for this change').fill('Add my note');
    browserLog.expect({ status: 409, path: itemApi });
    await form.getByRole('button', { name: 'Save change' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'Changed by' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`Changed by ${ADMIN.fullName} (${ADMIN.username})`);
    expect(await form.getByLabel('Notes').inputValue()).toBe('My note, typed before the conflict');
    await checkPage(page, '08-conflict', { fullPage: false });

    await form.getByRole('button', { name: 'Reload their version (keeps your entries)' }).click();
    await form.getByText('Owner: now “Sam Colleague”').waitFor();
    expect(await form.getByLabel('Notes').inputValue()).toBe('My note, typed before the conflict');
    expect(await form.getByLabel('Owner').inputValue()).toBe('Sam Colleague');
    await form.getByRole('button', { name: 'Save change' }).click();
    await form.getByText('Saved: notes.').waitFor();
  });

  step('sets two more statuses from the checklist', async () => {
    for (const [status, reason] of [
      ['compliant', 'Quality manual states the regulatory roles'],
      ['gap', 'No procedure covers this yet'],
    ] as const) {
      await tab('Checklist').click();
      const row = page.locator('.checklist-table tbody tr').filter({ has: page.locator('.status-not-assessed') }).first();
      await row.getByRole('link').first().click();
      const form = page.getByRole('form', { name: 'Assess this item' });
      await form.getByLabel('Status').selectOption(status);
      await form.getByLabel('Reason for this change').fill(reason);
      await form.getByRole('button', { name: 'Save change' }).click();
      await form.getByText('Saved: status.').waitFor();
    }
  });

  step('shows progress, priorities and the heat map on the dashboard', async () => {
    await tab('Overview').click();
    const heat = page.getByRole('table', { name: 'Applicable items by inspection area and status' });
    await heat.waitFor();
    const gaps = page.locator('.stat').filter({ hasText: 'Gaps' }).locator('.stat-value');
    expect(await gaps.textContent()).toBe('1');
    expect(await page.getByRole('img', { name: /^Applicable items by status: Not assessed \d+, Compliant 1, Partial 1, Gap 1/ }).count()).toBe(1);
    expect(await heat.getByRole('link', { name: /^1 Gap in / }).count()).toBe(1);
    await checkPage(page, '09-dashboard');

    await heat.getByRole('link', { name: /^1 Gap in / }).click();
    await expect.poll(() => page.locator('.checklist-table tbody tr').count()).toBe(1);
    expect(page.url()).toContain('status=gap');
  });

  step('renders the guide with its sources linked to the crosswalk', async () => {
    await mainNav('Guide').click();
    await expect.poll(() => h1().textContent()).toBe('Guide to the QMSR');
    await checkPage(page, '10-guide', { fullPage: false });
    await page.getByRole('link', { name: 'Design and development (formerly design controls)' }).click();
    await expect.poll(() => h1().textContent()).toBe('Design and development (formerly design controls)');
    expect(await page.locator('.prose .cites a.cite').count()).toBeGreaterThan(10);
    await checkPage(page, '11-guide-page', { fullPage: false });
    await page.locator('.prose .cites a.cite', { hasText: /^former §820\.30\(g\)$/ }).first().click();
    await expect.poll(() => h1().textContent()).toBe('Crosswalk: old QSR to QMSR');
    expect(page.url()).toContain('q=820.30(g)');
  });

  step('explains a citation and filters the crosswalk table', async () => {
    const explain = page.locator('section.explain');
    await explain.waitFor();
    expect(await explain.getByRole('heading', { level: 2 }).textContent()).toContain('820.30(g)');
    expect(await explain.textContent()).toContain('Removed on 2 February 2026');
    expect(await explain.getByRole('link', { name: '7.3.7' }).count()).toBeGreaterThan(0);
    const rows = page.locator('.crosswalk-table tbody tr');
    const cites = await rows.locator('th').allTextContents();
    expect(cites.length).toBeGreaterThan(0);
    expect(cites.every((c) => c.startsWith('§ 820.30(g)'))).toBe(true);
    await checkPage(page, '12-crosswalk');

    await page.getByLabel('Citation or words').fill('Subpart M');
    await page.getByRole('button', { name: 'Explain' }).click();
    await expect.poll(() => explain.getByRole('heading', { level: 2 }).textContent()).toContain('Subpart M');
  });

  step('lets the administrator add a reviewer', async () => {
    await mainNav('Users').click();
    await expect.poll(() => h1().textContent()).toBe('Users and roles');
    await page.getByLabel('Username').fill(REVIEWER.username);
    await page.getByLabel('Full name').fill(REVIEWER.fullName);
    await page.getByLabel('Role').selectOption('reviewer');
    await page.getByLabel('Initial password').fill(REVIEWER.initial);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText(`${REVIEWER.username} added as Reviewer (may sign)`).waitFor();
    const row = page.locator('table tbody tr').filter({ hasText: REVIEWER.username });
    expect(await row.textContent()).toContain('must change password');
    await checkPage(page, '13-users');
  });

  step('verifies and exports the audit trail', async () => {
    await mainNav('Audit trail').click();
    await expect.poll(() => h1().textContent()).toBe('Audit trail');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByText('Intact.').waitFor();
    const events = await page.locator('.audit-table tbody tr').count();
    expect(events).toBeGreaterThan(5);
    expect(await page.locator('.audit-table').textContent()).toContain('Initial assessment against SOP evidence');
    await checkPage(page, '14-audit', { fullPage: false });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = (await bytesOf(download)).toString('utf8');
    expect(csv.split('\n').length).toBeGreaterThan(events);
  });

  step('the reviewer chooses a password, sees no editing controls, and signs the assessment', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').fill(REVIEWER.username);
    await page.getByLabel('Password').fill(REVIEWER.initial);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => h1().textContent()).toBe('Choose your own password');
    await checkPage(page, '15-change-password');
    await page.getByLabel('Current password').fill(REVIEWER.initial);
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(REVIEWER.password);
    await page.getByLabel('Repeat the new password').fill(REVIEWER.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => h1().textContent()).toBe('Assessments');
    expect(await page.getByRole('button', { name: 'New assessment' }).count()).toBe(0);
    expect(await mainNav('Users').count()).toBe(0);

    await page.getByRole('link', { name: 'Northwind Medical QMSR gap assessment' }).click();
    await tab('Checklist').click();
    await page.locator('.checklist-table tbody tr').first().getByRole('link').first().click();
    await page.getByText('Your role can read this item but not change it.').waitFor();
    expect(await page.getByRole('form', { name: 'Assess this item' }).count()).toBe(0);

    await tab('Reports & signatures').click();
    await expect.poll(() => h1().textContent()).toBe('Reports and signatures');
    await page.getByRole('button', { name: 'Sign the assessment…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign this assessment' });
    await dialog.waitFor();
    const subject = (await dialog.locator('.signing-subject').textContent()) ?? '';
    expect(subject).toContain('Northwind Medical QMSR gap assessment');
    expect(subject).toContain(`${REVIEWER.fullName} (${REVIEWER.username})`);
    await expect.poll(async () => (await dialog.locator('.signing-subject code').textContent()) ?? '').toMatch(/^[0-9a-f]{64}$/);
    await dialog.getByLabel(/^Approval/).check();
    await dialog.getByLabel('Your username').fill(REVIEWER.username);
    await dialog.getByLabel('Your password').fill(REVIEWER.password);
    await checkPage(page, '16-sign-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText(/^Signed by Rita Reviewer \(approval\)/).waitFor();
    const row = page.locator('table tbody tr').filter({ hasText: REVIEWER.fullName });
    expect(await row.textContent()).toContain('Approval');
    expect(await row.textContent()).toContain('valid');
  }, 90_000);

  step('exports the report as xlsx and PDF', async () => {
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Excel workbook' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytesOf(xlsx)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    const text = workbook.worksheets
      .flatMap((sheet) => sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])))
      .map((v) => (typeof v === 'object' && v !== null && 'richText' in v ? JSON.stringify(v) : String(v ?? '')))
      .join(' ');
    expect(text).toContain('Northwind Medical');

    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Download PDF report' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByText(/\.pdf downloaded/).waitFor();
    await checkPage(page, '17-reports');
  }, 90_000);

  step('fits a narrow screen: the page never scrolls sideways, wide tables scroll in their own box', async () => {
    await page.setViewportSize({ width: 400, height: 860 });
    for (const [name, target] of [
      ['18-narrow-overview', 'Overview'],
      ['19-narrow-checklist', 'Checklist'],
    ] as const) {
      await tab(target).click();
      await page.locator('table').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${target} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      await checkPage(page, name, { fullPage: false });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('logged no console errors on any page', () => {
    expect(browserLog.errors).toEqual([]);
  });
});
