/**
 * Packed findings (src/scanner/packed.ts): each file's findings kept as the
 * JSON report prints them. Whatever path they take (packed by a worker, read
 * back from the cache under another path, filtered by severity, turned back
 * into objects), the report must be byte for byte the one the findings as
 * objects give.
 */
import { describe, expect, it } from 'vitest';
import { jsonChunks, jsonReporter } from '../../src/reporters/json.js';
import { sortByDocument } from '../../src/scanner/finding-order.js';
import { forFile, keepAtLeast, packFindings, packedFindings, unpackFindings, withPackedFindings, type PackedFindings } from '../../src/scanner/packed.js';
import type { Finding, ScanResult, Severity } from '../../src/scanner/types.js';
import { DOCX, MD, PDF, XLSX, scanResult } from '../reporters/fixture.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The fixture's findings, each file's packed on its own, in a result made as the scanner makes it. */
function packedResult(base: ScanResult = scanResult(), paths: Record<string, string> = {}): ScanResult {
  const byFile = new Map<string, Finding[]>();
  for (const f of base.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const packed = [...byFile].map(([file, list]) => forFile(packFindings(list, paths[file] ?? file), file));
  return withPackedFindings({ ...base, findings: [] }, packed);
}

/** The report as the reporter prints findings given as objects. */
const fromObjects = (result: ScanResult): string => jsonReporter({ ...result, findings: [...result.findings] });

describe('packed findings', () => {
  it('print exactly the report the same findings give as objects', () => {
    const packed = packedResult();
    const pieces = [...jsonChunks(packed)];
    expect(pieces.some((p) => p instanceof Uint8Array)).toBe(true);
    const text = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');
    expect(text).toBe(fromObjects(scanResult()));
    // The fixture's files have findings out of order: footnotes after the body, sheets by first appearance, pages.
    expect(packedFindings(packedResult())!.filter((f) => f.order !== undefined).map((f) => f.file)).toEqual(expect.arrayContaining([XLSX]));
  });

  it('print the path of this scan when they were packed for another', () => {
    const odd = { [MD]: 'elsewhere/WI-07 "quoted" \\ back\\slash – ü.md', [DOCX]: 'x.docx', [PDF]: PDF };
    expect(jsonReporter(packedResult(scanResult(), odd))).toBe(fromObjects(scanResult()));
    const moved = forFile(packFindings(scanResult().findings.filter((f) => f.file === MD), 'a.md'), odd[MD]!);
    expect(moved.file).toBe(odd[MD]);
    expect(unpackFindings(moved).every((f) => f.file === odd[MD])).toBe(true);
    expect(Buffer.from(moved.json).toString()).toBe(Buffer.from(packFindings(unpackFindings(moved), odd[MD]!).json).toString());
  });

  it('become the same objects again, in document order, with the keys in the order the engine makes them', () => {
    const result = scanResult();
    const expected = sortByDocument(result.findings);
    const packed = packedResult(result);
    expect(packed.findings).toEqual(expected);
    const engineOrder = ['file', 'ruleId', 'kind', 'severity', 'match', 'citation', 'location', 'message', 'detail', 'replacements', 'fixable', 'kbRefs', 'context', 'span'];
    const withDetail = unpackFindings(packFindings([{ ...result.findings[1]!, detail: 'why' }], DOCX))[0]!;
    expect(Object.keys(withDetail)).toEqual(engineOrder);
  });

  it('are objects once read or replaced, and are printed from the objects from then on', () => {
    const read = packedResult();
    expect(packedFindings(read)).toBeDefined();
    read.findings.splice(0, 1); // a caller changes the list it was given
    expect(packedFindings(read)).toBeUndefined();
    expect(jsonReporter(read)).toBe(fromObjects(read));
    expect(JSON.parse(jsonReporter(read)).findings).toHaveLength(scanResult().findings.length - 1);

    const replaced = packedResult();
    replaced.findings = [];
    expect(packedFindings(replaced)).toBeUndefined();
    expect(JSON.parse(jsonReporter(replaced)).findings).toEqual([]);

    // A copy (spread, structured clone) takes the objects, not the packed bytes.
    const copied = { ...packedResult(), tool: { name: 'qmsr' as const, version: '9.9.9' } };
    expect(packedFindings(copied)).toBeUndefined();
    expect(jsonReporter(copied)).toBe(fromObjects(copied));
  });

  it('are printed from objects when two files share a path', () => {
    const result = scanResult();
    const md = result.findings.filter((f) => f.file === MD);
    const twice = withPackedFindings({ ...result, findings: [] }, [packFindings(md.slice(0, 2), MD), packFindings(md.slice(2), MD)]);
    expect(packedFindings(twice)).toBeUndefined();
    expect(jsonReporter(twice)).toBe(fromObjects({ ...result, findings: md }));
  });

  it('leave out findings below a severity as the report of the remaining objects would', () => {
    for (const min of ['warning', 'error'] as const) {
      const base = scanResult();
      const kept = base.findings.filter((f) => RANK[f.severity] >= RANK[min]);
      const byFile = new Map<string, Finding[]>();
      for (const f of base.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      const packed = [...byFile].map(([file, list]) => keepAtLeast(packFindings(list, file), min));
      const result = withPackedFindings({ ...base, findings: [] }, packed);
      expect(jsonReporter(result), min).toBe(fromObjects({ ...base, findings: kept }));
    }
    const all = packFindings(scanResult().findings.filter((f) => f.file === MD), MD);
    expect(keepAtLeast(all, 'info')).toBe(all);
    expect(keepAtLeast(all, undefined)).toBe(all);
  });

  it('order sheets by the first finding that is kept', () => {
    // Sheet B's first finding comes before sheet A's in the document; it is an info, so with
    // --severity warning sheet A comes first: the order must follow what is kept.
    const cell = (sheet: string, at: string, block: number, severity: Severity): Finding => ({
      file: XLSX,
      ruleId: 'obsolete-term',
      kind: 'term',
      severity,
      match: 'DMR',
      term: 'Device Master Record',
      location: { sheet, cell: at },
      message: 'old term',
      replacements: [],
      kbRefs: [],
      span: { block, start: 0, end: 3 },
    });
    const list = [cell('B', 'A1', 0, 'info'), cell('A', 'A2', 1, 'warning'), cell('B', 'A3', 2, 'warning')];
    const base = { ...scanResult(), findings: list };
    const packed = withPackedFindings({ ...base, findings: [] }, [keepAtLeast(packFindings(list, XLSX), 'warning')]);
    const printed = (JSON.parse(jsonReporter(packed)) as { findings: Finding[] }).findings.map((f) => f.location.cell);
    expect(printed).toEqual(['A2', 'A3']);
    expect(jsonReporter(packed)).toBe(fromObjects({ ...base, findings: list.slice(1) }));
  });

  it('keep no findings as an empty list', () => {
    const none: PackedFindings = packFindings([], 'a.md');
    expect(none.severities).toBe('');
    expect(unpackFindings(none)).toEqual([]);
    const result = withPackedFindings({ ...scanResult(), findings: [] }, [none]);
    expect(jsonReporter(result)).toBe(fromObjects({ ...scanResult(), findings: [] }));
  });
});
