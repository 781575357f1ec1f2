/**
 * Assessment reports from one worked assessment (embedded store, real SOP
 * files scanned): every format is read back or looked at.
 * - xlsx: re-read with exceljs (sheets, a known row, the heat-map cells);
 * - HTML: loaded in Chromium with JavaScript allowed, to show that nothing
 *   runs, nothing loads and the charts render; a screenshot is kept in /tmp;
 * - PDF: text extracted with pdfjs, page 1 rendered with pdftoppm;
 * - Markdown, CSV, JSON: goldens under test/golden/reports/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, verifyAuditChain } from '../../src/assessment/audit.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { escapeHtml } from '../../src/reporters/html-escape.js';
import { auditCsv, auditPdf } from '../../src/reports/audit-export.js';
import { renderCharts } from '../../src/reports/charts.js';
import type { ReportCharts } from '../../src/reports/charts.js';
import { csvReport } from '../../src/reports/csv.js';
import { gatherReportData } from '../../src/reports/data.js';
import { htmlReport, REPORT_CSP } from '../../src/reports/html.js';
import { jsonReport } from '../../src/reports/json.js';
import { markdownReport, mdCell } from '../../src/reports/markdown.js';
import { CHROMIUM_ARGS, chromiumPath, pdfReport } from '../../src/reports/pdf.js';
import type { ReportData } from '../../src/reports/types.js';
import { XLSX_SHEETS, xlsxReport } from '../../src/reports/xlsx.js';
import { migrate, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { toolVersion } from '../../src/util/version.js';
import { expectGolden } from '../support/golden.js';
import { buildWorkedAssessment, FORMULA_NOTE } from './fixture.js';
import { HOSTILE } from './sops.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const SHOTS = process.env.QMSR_REPORT_SHOTS ?? tmpdir();

describe('assessment reports', () => {
  let dir: string;
  let store: Store;
  let data: ReportData;
  let charts: ReportCharts;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qmsr-reports-'));
    store = await openStore({ data: join(dir, 'db') });
    await migrate(store);
    const worked = await buildWorkedAssessment(store, dir);
    data = await gatherReportData(store, worked.assessmentId, {
      now: NOW,
      signatures: [
        {
          printedName: 'Alice Auditor',
          username: 'alice',
          meaning: 'review',
          signedAt: '2026-06-15T11:00:00.000Z',
          subject: 'assessment',
          subjectSha256: 'a'.repeat(64),
          comment: 'Reviewed for the management review',
        },
      ],
    });
    charts = await renderCharts(data);
  });
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gathers one consistent data set: summary counts match the items', () => {
    expect(data.audit.ok).toBe(true);
    expect(data.audit.head?.seq).toBe(data.audit.count);
    const applicable = data.items.filter((i) => i.applicable);
    for (const status of ['gap', 'partial', 'compliant', 'not-assessed', 'not-applicable'] as const) {
      expect(data.summary.byStatus[status]).toBe(applicable.filter((i) => i.status === status).length);
    }
    const cellTotal = data.summary.heatMap.cells.reduce((n, c) => n + c.count, 0);
    expect(cellTotal).toBe(applicable.length);
    expect(data.documentVersions.map((v) => v.path)).toEqual(['SOP-010 Design Controls.docx', 'SOP-011 CAPA.pdf', 'SOP-012 Complaint Handling.md']);
    expect(data.documents.find((d) => d.path.endsWith('.md'))?.needsRevision).toBe(false);
    expect(data.documents.find((d) => d.path.endsWith('.docx'))?.needsRevision).toBe(true);
  });

  it('xlsx: re-read with exceljs', async () => {
    const bytes = await xlsxReport(data);
    const file = join(SHOTS, 'qmsr-report.xlsx');
    writeFileSync(file, bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...XLSX_SHEETS]);

    const checklist = wb.getWorksheet('Checklist')!;
    const header = (checklist.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(checklist.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(checklist.autoFilter).toBeTruthy();
    let row: ExcelJS.Row | undefined;
    checklist.eachRow((r) => {
      if (r.getCell(1).value === 'iso.7.3.7') row = r;
    });
    expect(row).toBeDefined();
    expect(row!.getCell(col('Status')).value).toBe('gap');
    expect(row!.getCell(col('Owner')).value).toBe('Dana Lee');
    expect(row!.getCell(col('Due date')).value).toEqual(new Date('2026-09-30T00:00:00Z'));
    expect(String(row!.getCell(col('Accepted evidence')).value)).toContain('SOP-010 Design Controls.docx');
    expect(row!.getCell(col('Status')).dataValidation).toMatchObject({ type: 'list', formulae: ['"not-assessed,compliant,partial,gap,not-applicable"'] });
    expect(checklist.rowCount).toBe(data.items.length + 1);

    const gaps = wb.getWorksheet('Gap register')!;
    const gapIds: unknown[] = [];
    gaps.eachRow((r, n) => n > 1 && gapIds.push(r.getCell(1).value));
    expect(gapIds.sort()).toEqual(['iso.7.3.7', 'iso.8.2.2']);
    let formulaCell: ExcelJS.Cell | undefined;
    gaps.eachRow((r) => r.eachCell((c) => (c.value === FORMULA_NOTE ? (formulaCell = c) : undefined)));
    expect(formulaCell?.type).toBe(ExcelJS.ValueType.String);

    // The heat map: a named range whose cells hold the summary's counts, coloured.
    const ranges = wb.definedNames.getRanges('HeatMapStatus').ranges;
    expect(ranges.length).toBe(1);
    const m = /'?Summary'?!\$A\$(\d+):\$([A-Z])\$(\d+)/.exec(ranges[0]!)!;
    const summary = wb.getWorksheet('Summary')!;
    const first = Number(m[1]);
    const design = data.summary.heatMap.areas.findIndex((a) => a.id === 'area.design-and-development');
    const designRow = summary.getRow(first + design);
    expect(designRow.getCell(1).value).toBe('Design and Development');
    const statuses = data.summary.heatMap.columns;
    statuses.forEach((st, i) => {
      const expected = data.summary.heatMap.cells.find((c) => c.area === 'area.design-and-development' && c.column === st)!.count;
      expect(designRow.getCell(i + 2).value).toBe(expected);
    });
    const gapCell = designRow.getCell(statuses.indexOf('gap') + 2);
    expect(gapCell.value).toBe(1);
    expect((gapCell.fill as ExcelJS.FillPattern).fgColor?.argb).toMatch(/^FF[0-9A-F]{6}$/);
    expect((gapCell.fill as ExcelJS.FillPattern).fgColor?.argb).not.toBe('FFF5F5F5');

    const findings = wb.getWorksheet('Document findings')!;
    const shas = new Set<unknown>();
    findings.eachRow((r, n) => n > 1 && shas.add(r.getCell(2).value));
    expect([...shas].sort()).toEqual(data.documents.map((d) => d.sha256).sort());
  });

  it('HTML: self-contained, escaped, renders in Chromium with its charts and runs nothing', async () => {
    const page = await htmlReport(data, charts);
    expect(page).toContain(`content="${escapeHtml(REPORT_CSP)}"`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).not.toMatch(/<script|<img|<link|src=|href="http/i);
    const file = join(SHOTS, 'qmsr-report.html');
    writeFileSync(file, page);

    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const tab = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      tab.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
      tab.on('pageerror', (e) => problems.push(e.message));
      tab.on('request', (r) => requests.push(r.url()));
      await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(problems).toEqual([]);
      expect(await tab.locator('figure svg').count()).toBe(4);
      expect(await tab.locator('h1').textContent()).toBe('QMSR gap assessment');
      // The hostile text shows as text; no element was made from it.
      expect(await tab.locator('body script').count()).toBe(0);
      expect(await tab.locator('.sub').textContent()).toContain(HOSTILE);
      const heat = await tab.locator('figure').first().boundingBox();
      expect(heat!.width).toBeGreaterThan(300);
      // The style sheet applied (CSP allowed it by hash): the status cards are laid out in a row.
      expect(await tab.locator('ul.cards').first().evaluate((el) => getComputedStyle(el).display)).toBe('flex');
      await tab.screenshot({ path: join(SHOTS, 'qmsr-report-html.png'), fullPage: false });
    } finally {
      await browser.close();
    }
  });

  it('PDF: text has the versions and document hashes; page 1 renders', async () => {
    const pdf = await pdfReport(data, charts);
    const file = join(SHOTS, 'qmsr-report.pdf');
    writeFileSync(file, pdf);
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    expect(doc.numPages).toBeGreaterThan(3);
    let text = '';
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      text += `${content.items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
    }
    await doc.destroy();
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`qmsr ${toolVersion()}`);
    expect(flat).toContain(`knowledge base ${getKnowledgeBase().version}`);
    for (const d of data.documents) expect(flat).toContain(d.sha256);
    expect(flat).toMatch(/Page 1 of \d+/);
    expect(flat).toContain('Gap register');
    expect(flat).toContain('Alice Auditor');

    const prefix = join(SHOTS, 'qmsr-report-pdf');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, prefix]);
    const png = [`${prefix}-01.png`, `${prefix}-1.png`].find((p) => existsSync(p))!;
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });

  it('Markdown, CSV and JSON match their goldens', () => {
    const md = markdownReport(data);
    expect(md).not.toContain(HOSTILE);
    expect(md).toContain('&lt;script&gt;');
    const csv = csvReport(data);
    expect(csv.startsWith('\ufeffitemId,')).toBe(true);
    expect(csv).toContain(`'${FORMULA_NOTE.replace(/"/g, '""')}`);
    const json = jsonReport(data);
    const parsed = JSON.parse(json) as ReportData;
    expect(parsed.documents.map((d) => d.sha256)).toEqual(data.documents.map((d) => d.sha256));
    expect(parsed.items.every((i) => i.reason.length > 10)).toBe(true);
    // The golden leaves out the knowledge base's long texts (the Markdown and CSV goldens hold them) to stay reviewable.
    const projected = { ...parsed, items: parsed.items.map(({ reason: _r, priorityReason: _p, ...rest }) => rest) };
    expectGolden('reports/worked.md', stable(md));
    expectGolden('reports/worked.csv', stable(csv));
    expectGolden('reports/worked.json', stable(`${JSON.stringify(projected, null, 2)}\n`));
  });

  it('reads the signatures the workspace recorded when none are given', async () => {
    const userId = 'u-signer';
    await store.db
      .insertInto('users')
      .values({ id: userId, username: 'carol', full_name: 'Carol Signer', role: 'reviewer', password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA' })
      .execute();
    await store.db
      .insertInto('signatures')
      .values({
        id: 'sig-1',
        assessment_id: data.assessment.id,
        subject_type: 'report',
        report_format: 'pdf',
        user_id: userId,
        username: 'carol',
        printed_name: 'Carol Signer',
        meaning: 'approval',
        subject_sha256: 'b'.repeat(64),
        content: Buffer.from('%PDF-'),
        content_type: 'application/pdf',
        state_sha256: 'c'.repeat(64),
        assessment_version: 1,
      })
      .execute();
    const again = await gatherReportData(store, data.assessment.id, { now: NOW });
    expect(again.signatures).toEqual([expect.objectContaining({ printedName: 'Carol Signer', meaning: 'approval', subject: 'report (pdf)', subjectSha256: 'b'.repeat(64) })]);
    expect(markdownReport(again)).toContain('| Carol Signer (carol) | approval |');
  });

  it('escapes table cells in Markdown', () => {
    expect(mdCell('a | b\nc <b>*x*</b>')).toBe('a \\| b c &lt;b&gt;\\*x\\*&lt;/b&gt;');
  });

  it('audit export: CSV re-verifiable, PDF states the verification', async () => {
    const events = await listAuditEvents(store.db, { assessmentId: data.assessment.id });
    const csv = auditCsv(events);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines.length).toBe(events.length + 1);
    expect(lines[0]).toBe('\ufeffseq,at,actor_id,actor_name,action,entity,entity_id,assessment_id,item_id,field,old_value,new_value,reason,prev_hash,hash');
    expect(events.length).toBe(data.audit.count);
    const verification = await verifyAuditChain(store);
    const pdf = await auditPdf(events.slice(0, 40), { verification, generatedAt: NOW.toISOString(), toolVersion: toolVersion(), source: 'test', scope: 'test' });
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
    const first = await (await doc.getPage(1)).getTextContent();
    const text = first.items.map((i) => ('str' in i ? i.str : '')).join(' ');
    await doc.destroy();
    expect(text).toContain('Chain verified');
    expect(text).toContain(verification.head!.hash);
  });

  /** Replace what changes from run to run: ids, times, versions and hashes that are not document hashes. */
  function stable(text: string): string {
    const kb = getKnowledgeBase();
    let out = text
      .replaceAll(data.audit.head!.hash, '<audit-head>')
      .replaceAll(kb.hash, '<kb-hash>')
      .replaceAll(data.assessment.checklist.kb.checklist.hash, '<checklist-hash>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replaceAll(`qmsr ${toolVersion()}`, 'qmsr <tool-version>')
      .replaceAll(`"version": "${toolVersion()}"`, '"version": "<tool-version>"')
      .replaceAll(`,${toolVersion()},`, ',<tool-version>,')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<timestamp>');
    out = out.replaceAll(`,${kb.version}\r\n`, ',<kb-version>\r\n').replace(/"(version|assessmentVersion)": "\d+\.\d+\.\d+"/g, '"$1": "<version>"');
    return out.replace(new RegExp(`(Knowledge base \\| )${kb.version.replace(/\./g, '\\.')}`, 'g'), '$1<kb-version>');
  }
});
