/**
 * A realistic scan result, built by hand: a Word SOP (body and footnote), a PDF
 * with pages but no lines, a workbook with sheets and cells, a Markdown work
 * instruction with lines and columns, a scanned PDF that could not be read, a
 * skipped .doc and a clean file. Findings are deliberately out of order.
 */
import type { RuleInfo } from '../../src/reporters/index.js';
import type { FileResult, Finding, ScanResult } from '../../src/scanner/types.js';

export const DOCX = 'SOPs/SOP-001 Design Control.docx';
export const PDF = 'SOPs/SOP-014 CAPA.pdf';
export const XLSX = 'Forms/Training Matrix.xlsx';
export const MD = 'Work Instructions/WI-07 Receiving #2.md';
export const BAD_PDF = 'SOPs/scanned-2019.pdf';
export const SKIPPED = 'archive/old-procedure.doc';
export const CLEAN = 'SOPs/SOP-030 Complaints.docx';

const DESIGN_VALIDATION = 'ISO 13485:2016 clause 7.3.7 (21 CFR 820.10(c))';

const findings: Finding[] = [
  {
    file: MD,
    ruleId: 'obsolete-term',
    kind: 'term',
    severity: 'warning',
    match: 'Device History\nRecord',
    term: 'Device History Record',
    location: { line: 22, column: 12 },
    message: '"Device History\nRecord" is QSR-era terminology. The QMSR uses the ISO 13485:2016 record of each batch or unit.',
    replacements: [{ text: 'production record', isoClauses: ['7.5.1'], qmsrProvisions: ['820.10(c)'] }],
    fixable: true,
    kbRefs: ['term.dhr'],
    context: 'File the signed Device History\nRecord with the lot traveller.',
    span: { block: 21, start: 16, end: 37 },
  },
  {
    file: DOCX,
    ruleId: 'outdated-citation',
    kind: 'citation',
    severity: 'error',
    match: '21 CFR 820.30(g)',
    citation: '820.30(g)',
    location: { paragraph: 9, part: 'word/document.xml' },
    message: '820.30(g) (Design validation) is old QSR text, reserved since 2 February 2026. It now maps to ISO 13485:2016 7.3.7 (equivalent).',
    replacements: [{ text: DESIGN_VALIDATION, isoClauses: ['7.3.7'], qmsrProvisions: ['820.10(c)'] }],
    fixable: true,
    kbRefs: ['qsr.820.30(g)', 'cw.820.30(g)'],
    context: 'Design validation shall be performed per 21 CFR 820.30(g) under defined operating conditions.',
    span: { block: 8, start: 41, end: 57 },
  },
  {
    file: PDF,
    ruleId: 'obsolete-term',
    kind: 'term',
    severity: 'warning',
    match: 'DHR',
    term: 'Device History Record',
    location: { page: 2, paragraph: 14 },
    message: '"DHR" is QSR-era terminology. The QMSR uses the ISO 13485:2016 record of each batch or unit.',
    replacements: [{ text: 'production record' }],
    fixable: true,
    kbRefs: ['term.dhr'],
    context: 'Record the DHR number on the CAPA form; the DHR stays with QA.',
    span: { block: 30, start: 44, end: 47 },
  },
  {
    file: PDF,
    ruleId: 'obsolete-term',
    kind: 'term',
    severity: 'warning',
    match: 'DHR',
    term: 'Device History Record',
    location: { page: 2, paragraph: 14 },
    message: '"DHR" is QSR-era terminology. The QMSR uses the ISO 13485:2016 record of each batch or unit.',
    replacements: [{ text: 'production record' }],
    fixable: true,
    kbRefs: ['term.dhr'],
    context: 'Record the DHR number on the CAPA form; the DHR stays with QA.',
    span: { block: 30, start: 11, end: 14 },
  },
  {
    file: XLSX,
    ruleId: 'stale-statement',
    kind: 'statement',
    severity: 'error',
    match: '- Internal audit reports are not subject to FDA inspection',
    location: { sheet: 'Sheet1', cell: 'B12' },
    message: 'No longer true under the QMSR — Audit reports are open to inspection. What to do: remove the exemption.',
    replacements: [],
    fixable: false,
    kbRefs: ['change.audit-reports-inspectable'],
    context: '- Internal audit reports are not subject to FDA inspection',
  },
  {
    file: MD,
    ruleId: 'outdated-citation',
    kind: 'citation',
    severity: 'error',
    match: '21 CFR 820.50',
    citation: '820.50',
    location: { line: 14, column: 3 },
    message: '820.50 (Purchasing controls) is old QSR text, reserved since 2 February 2026. It now maps to ISO 13485:2016 7.4 (equivalent).',
    replacements: [{ text: 'ISO 13485:2016 clause 7.4 (21 CFR 820.10(c))', isoClauses: ['7.4'], qmsrProvisions: ['820.10(c)'] }],
    fixable: true,
    kbRefs: ['qsr.820.50', 'cw.820.50'],
    context: '- 21 CFR 820.50, purchasing controls, applies to every supplier, "critical" or not.',
    span: { block: 13, start: 2, end: 15 },
  },
  {
    file: PDF,
    ruleId: 'outdated-citation',
    kind: 'citation',
    severity: 'error',
    match: '§ 820.100',
    citation: '820.100',
    location: { page: 1, paragraph: 3 },
    message: '820.100 (Corrective and preventive action) is old QSR text, reserved since 2 February 2026. It now maps to ISO 13485:2016 8.5.2, 8.5.3 (equivalent).',
    replacements: [{ text: 'ISO 13485:2016 clauses 8.5.2 and 8.5.3 (21 CFR 820.10(c))' }],
    fixable: true,
    kbRefs: ['qsr.820.100', 'cw.820.100'],
    context: 'This procedure implements § 820.100 for all product lines.',
  },
  {
    file: XLSX,
    ruleId: 'obsolete-term',
    kind: 'term',
    severity: 'info',
    match: 'Quality System Record',
    term: 'Quality System Record',
    location: { sheet: 'Training 2024', cell: 'C4' },
    message: '"Quality System Record" is QSR-era terminology. Rewrite by hand: the right wording depends on context.',
    replacements: [{ text: 'quality management system records' }],
    fixable: false,
    kbRefs: ['term.qsrecord'],
    context: 'Read the "Quality System Record", then sign, date and file.',
  },
  {
    file: MD,
    ruleId: 'nonexistent-citation',
    kind: 'citation',
    severity: 'error',
    match: '21 CFR 820.15',
    citation: '820.15',
    location: { line: 20, column: 10 },
    message: '820.15 is not a provision of the old QSR or the QMSR; the 2022 proposed rule had it, the final rule did not.',
    replacements: [],
    fixable: false,
    kbRefs: [],
    context: 'Terms per 21 CFR 820.15 apply.',
  },
  {
    file: MD,
    ruleId: 'changed-citation',
    kind: 'citation',
    severity: 'info',
    match: '21 CFR 820.3(b)',
    citation: '820.3(b)',
    location: { line: 30, column: 1 },
    message: '820.3(b) now means "Terms that override ISO definitions"; under the old QSR it meant "Complaint".',
    replacements: [],
    fixable: false,
    kbRefs: ['qmsr.820.3(b)', 'qsr.820.3(b)'],
    context: '21 CFR 820.3(b) defines a complaint.',
  },
  {
    file: DOCX,
    ruleId: 'obsolete-term',
    kind: 'term',
    severity: 'warning',
    match: 'DHF',
    term: 'Design History File',
    location: { paragraph: 2, part: 'word/footnotes.xml' },
    message: '"DHF" is QSR-era terminology. ISO 13485:2016 calls it the design and development file.',
    replacements: [{ text: 'design and development file', isoClauses: ['7.3.10'] }],
    fixable: true,
    kbRefs: ['term.dhf'],
    context: 'See the DHF index.',
  },
  {
    file: XLSX,
    ruleId: 'obsolete-term',
    kind: 'term',
    severity: 'warning',
    match: 'DMR',
    term: 'Device Master Record',
    location: { sheet: 'Sheet1', cell: 'A3' },
    message: '"DMR" is QSR-era terminology. ISO 13485:2016 calls it the medical device file.',
    replacements: [{ text: 'medical device file', isoClauses: ['4.2.3'] }],
    fixable: true,
    kbRefs: ['term.dmr'],
    context: 'DMR owner',
  },
];

const files: FileResult[] = [
  { path: XLSX, format: 'xlsx', status: 'ok', sha256: 'a'.repeat(64), findings: 3 },
  { path: MD, format: 'md', status: 'ok', sha256: 'b'.repeat(64), findings: 4 },
  { path: BAD_PDF, format: 'pdf', status: 'error', error: 'The PDF has no text layer; it looks like a scanned image. Run it through OCR and scan again.' },
  { path: DOCX, format: 'docx', status: 'ok', sha256: 'c'.repeat(64), findings: 2 },
  { path: SKIPPED, format: 'unknown', status: 'skipped', error: 'Word 97-2003 (.doc) files are not supported; save it as .docx.' },
  { path: PDF, format: 'pdf', status: 'ok', sha256: 'd'.repeat(64), findings: 3, cached: true },
  { path: CLEAN, format: 'docx', status: 'ok', sha256: 'e'.repeat(64), findings: 0 },
];

/** A fresh copy of the fixture, safe to modify. */
export function scanResult(): ScanResult {
  return structuredClone({
    schemaVersion: 1,
    tool: { name: 'qmsr', version: '0.1.0' },
    kb: { version: '1.4.0', hash: '0123456789abcdef'.repeat(4) },
    generatedAt: '2026-03-02T09:15:00.000Z',
    summary: { files: 7, scanned: 5, failed: 1, findings: findings.length },
    files,
    findings,
  } satisfies ScanResult);
}

/** A result with nothing to report. */
export function emptyResult(): ScanResult {
  return { ...scanResult(), summary: { files: 1, scanned: 1, failed: 0, findings: 0 }, files: [files[6]!], findings: [] };
}

/** Rule metadata as the CLI passes it (a subset of the scanner's RuleMeta). */
export const RULES: RuleInfo[] = [
  {
    id: 'changed-citation',
    description: 'A paragraph of 820.1 or 820.3 that exists in both versions with a different meaning.',
    defaultSeverity: 'info',
  },
  { id: 'nonexistent-citation', description: 'A Part 820 citation that is not a provision of the old QSR or the QMSR.', defaultSeverity: 'error' },
  { id: 'obsolete-term', description: 'A term or abbreviation the QMSR dropped, with its replacement.', defaultSeverity: 'warning' },
  {
    id: 'outdated-citation',
    description: 'A citation of an old QSR provision that is no longer law.',
    rationale: 'Since 2 February 2026 the old sections are reserved; their substance comes from ISO 13485:2016 through 21 CFR 820.10.',
    defaultSeverity: 'error',
    helpUri: 'https://qmsr.example/docs/rules/outdated-citation',
  },
  // stale-statement deliberately missing: the SARIF reporter must still describe it.
];

/** Finding in `result` by file and match (first one). */
export function findingOf(result: ScanResult, file: string, match: string): Finding {
  const f = result.findings.find((x) => x.file === file && x.match === match);
  if (!f) throw new Error(`no finding ${match} in ${file}`);
  return f;
}

/** The two hostile strings the HTML report must show as text. */
export const XSS_SCRIPT = '<script>alert(1)</script>';
export const XSS_ATTR = '"><img src=x onerror=alert(1)>';

/** A result whose document text tries to inject markup, formulas and terminal escapes. */
export function hostileResult(): ScanResult {
  const r = scanResult();
  const f = findingOf(r, DOCX, '21 CFR 820.30(g)');
  f.context = `Before ${XSS_SCRIPT} per 21 CFR 820.30(g) ${XSS_ATTR} after \u001b[2J\u001b[31m`;
  f.message = `"${XSS_ATTR}" ${f.message}`;
  r.files.push({ path: `SOPs/<b>bold</b> & "quoted".md`, format: 'md', status: 'error', error: `bad ${XSS_SCRIPT}` });
  return r;
}
