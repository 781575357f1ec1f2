import { describe, expect, it } from 'vitest';
import { jsonChunks, jsonReporter } from '../../src/reporters/json.js';
import { expectGolden } from '../support/golden.js';
import { DOCX, MD, PDF, XLSX, emptyResult, scanResult } from './fixture.js';

type Json = Record<string, unknown>;

function parse(text: string): Json {
  return JSON.parse(text) as Json;
}

/** Checks one value against the contract in shared/contracts/cli.md; returns what is wrong. */
function contractProblems(doc: Json): string[] {
  const problems: string[] = [];
  const expectType = (where: string, value: unknown, type: string): void => {
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (actual !== type) problems.push(`${where}: expected ${type}, got ${actual}`);
  };
  const oneOf = (where: string, value: unknown, allowed: string[]): void => {
    if (!allowed.includes(value as string)) problems.push(`${where}: ${String(value)} not in ${allowed.join('|')}`);
  };
  if (doc.schemaVersion !== 1) problems.push('schemaVersion must be 1');
  const tool = doc.tool as Json;
  expectType('tool', tool, 'object');
  if (tool?.name !== 'qmsr') problems.push('tool.name must be qmsr');
  expectType('tool.version', tool?.version, 'string');
  const summary = doc.summary as Json;
  for (const k of ['files', 'scanned', 'failed', 'findings']) expectType(`summary.${k}`, summary?.[k], 'number');
  expectType('files', doc.files, 'array');
  (doc.files as Json[]).forEach((f, i) => {
    expectType(`files[${i}].path`, f.path, 'string');
    expectType(`files[${i}].format`, f.format, 'string');
    oneOf(`files[${i}].status`, f.status, ['ok', 'error', 'skipped']);
    if (f.status === 'error') expectType(`files[${i}].error`, f.error, 'string');
  });
  expectType('findings', doc.findings, 'array');
  (doc.findings as Json[]).forEach((f, i) => {
    const at = `findings[${i}]`;
    for (const k of ['file', 'ruleId', 'match', 'message']) expectType(`${at}.${k}`, f[k], 'string');
    oneOf(`${at}.kind`, f.kind, ['citation', 'term', 'statement']);
    oneOf(`${at}.severity`, f.severity, ['error', 'warning', 'info']);
    if (f.kind === 'citation') expectType(`${at}.citation`, f.citation, 'string');
    if (f.kind === 'term') expectType(`${at}.term`, f.term, 'string');
    if ((f.file as string).includes('\\')) problems.push(`${at}.file uses backslashes`);
    const loc = f.location as Json;
    expectType(`${at}.location`, loc, 'object');
    // The contract says "at least one of page, line, paragraph"; spreadsheets give sheet and cell instead.
    if (!['page', 'line', 'paragraph', 'cell'].some((k) => typeof loc?.[k] === 'number' || (k === 'cell' && typeof loc?.cell === 'string'))) {
      problems.push(`${at}.location has no page, line, paragraph or cell`);
    }
    expectType(`${at}.replacements`, f.replacements, 'array');
    (f.replacements as Json[]).forEach((r, j) => expectType(`${at}.replacements[${j}].text`, r.text, 'string'));
  });
  return problems;
}

describe('json reporter', () => {
  const out = jsonReporter(scanResult(), {});
  const doc = parse(out);

  it('matches the contract: every field name and type', () => {
    expect(contractProblems(doc)).toEqual([]);
  });

  it('the contract check catches a broken document', () => {
    const broken = parse(out);
    (broken.findings as Json[])[0]!.severity = 'fatal';
    delete (broken.summary as Json).failed;
    expect(contractProblems(broken)).toEqual(['summary.failed: expected number, got undefined', 'findings[0].severity: fatal not in error|warning|info']);
  });

  it('puts the contract keys first, in the contract order, and keeps the added fields', () => {
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'tool', 'summary', 'files', 'findings', 'kb', 'generatedAt']);
    const first = (doc.findings as Json[])[0]!;
    expect(Object.keys(first).slice(0, 5)).toEqual(['file', 'ruleId', 'kind', 'severity', 'match']);
    const cited = (doc.findings as Json[]).find((f) => f.kind === 'citation')!;
    expect(Object.keys(cited)).toEqual(['file', 'ruleId', 'kind', 'severity', 'match', 'citation', 'location', 'message', 'replacements', 'fixable', 'kbRefs', 'context', 'span']);
    expect(doc.kb).toEqual({ version: '1.4.0', hash: '0123456789abcdef'.repeat(4) });
    expect(doc.generatedAt).toBe('2026-03-02T09:15:00.000Z');
  });

  it('passes through fields the scanner adds later', () => {
    const r = scanResult();
    Object.assign(r.findings[0]!, { waiver: { by: 'QA' } });
    const f = (parse(jsonReporter(r, {})).findings as Json[]).find((x) => x.waiver !== undefined);
    expect(f?.waiver).toEqual({ by: 'QA' });
  });

  it('sorts files by path and findings by file, then position', () => {
    expect((doc.files as Json[]).map((f) => f.path)).toEqual([...(doc.files as Json[]).map((f) => f.path as string)].sort());
    const order = (doc.findings as Json[]).map((f) => `${f.file as string} ${JSON.stringify(f.location)}`);
    expect(order).toEqual([
      `${XLSX} {"sheet":"Sheet1","cell":"A3"}`,
      `${XLSX} {"sheet":"Sheet1","cell":"B12"}`,
      `${XLSX} {"sheet":"Training 2024","cell":"C4"}`,
      `${DOCX} {"paragraph":9,"part":"word/document.xml"}`,
      `${DOCX} {"paragraph":2,"part":"word/footnotes.xml"}`,
      `${PDF} {"page":1,"paragraph":3}`,
      `${PDF} {"page":2,"paragraph":14}`,
      `${PDF} {"page":2,"paragraph":14}`,
      `${MD} {"line":14,"column":3}`,
      `${MD} {"line":20,"column":10}`,
      `${MD} {"line":22,"column":12}`,
      `${MD} {"line":30,"column":1}`,
    ]);
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    expect(out).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it('keeps an empty scan valid', () => {
    const empty = parse(jsonReporter(emptyResult(), {}));
    expect(contractProblems(empty)).toEqual([]);
    expect(empty.findings).toEqual([]);
  });

  it('matches the golden file', () => {
    expectGolden('reporters/scan.json', out);
  });
});

describe('json reporter in pieces', () => {
  it('writes exactly JSON.stringify(report, null, 2), whatever the number of findings', () => {
    for (const result of [scanResult(), emptyResult()]) {
      const text = [...jsonChunks(result)].join('');
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(text).toBe(jsonReporter(result));
    }
  });

  it('never holds a large report as one string', () => {
    const base = scanResult();
    const many = { ...base, findings: Array.from({ length: 6000 }, (_, i) => ({ ...base.findings[i % base.findings.length]!, match: `820.${i}` })) };
    const pieces = [...jsonChunks(many)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1.25 * 2 ** 20);
    const parsed = JSON.parse(pieces.join('')) as { findings: unknown[] };
    expect(parsed.findings).toHaveLength(6000);
  });
});
