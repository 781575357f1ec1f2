import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { RuleInfo } from '../../src/reporters/index.js';
import { sarifReporter } from '../../src/reporters/sarif.js';
import type { RuleMeta } from '../../src/scanner/rules/types.js';
import type { ScanResult } from '../../src/scanner/types.js';
import { BAD_PDF, DOCX, MD, PDF, RULES, SKIPPED, XLSX, emptyResult, findingOf, scanResult } from './fixture.js';

// Compile-time check: the scanner's rule metadata can be passed to the reporter as is.
const _ruleMetaFits: (m: RuleMeta) => RuleInfo = (m) => m;

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF logs are read as loose JSON here */
type Log = any;

const schemaPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'sarif-schema-2.1.0.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { $schema: string };
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function sarif(result: ScanResult = scanResult(), options = { rules: RULES, cwd: '/srv/qms docs' }): Log {
  return JSON.parse(sarifReporter(result, options));
}

function resultsIn(log: Log, file: string): Log[] {
  const uri = file.split('/').map(encodeURIComponent).join('/');
  return log.runs[0].results.filter((r: Log) => r.locations[0].physicalLocation.artifactLocation.uri === uri);
}

describe('sarif reporter', () => {
  it('uses the official draft-07 schema file', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('is valid SARIF 2.1.0 for a full scan', () => {
    const log = sarif();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('is valid for an empty scan and without options', () => {
    const log = JSON.parse(sarifReporter(emptyResult(), {}));
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });

  it('the validator rejects an invalid log (the check can fail)', () => {
    const log = sarif();
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].results[0].locations[0].physicalLocation.region = { startLine: 0 };
    expect(validate(log)).toBe(false);
  });

  it('describes every rule in tool.driver and each ruleIndex points at its rule', () => {
    const log = sarif();
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('qmsr');
    expect(driver.version).toBe('0.1.0');
    const ids = driver.rules.map((r: Log) => r.id);
    expect(ids).toEqual(['changed-citation', 'nonexistent-citation', 'obsolete-term', 'outdated-citation', 'stale-statement']);
    expect(log.runs[0].results).toHaveLength(12);
    for (const r of log.runs[0].results) expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const outdated = driver.rules[3];
    expect(outdated.shortDescription.text).toBe(RULES[3]!.description);
    expect(outdated.fullDescription.text).toBe(RULES[3]!.rationale);
    expect(outdated.defaultConfiguration.level).toBe('error');
    expect(outdated.helpUri).toBe('https://qmsr.example/docs/rules/outdated-citation');
    expect(driver.rules[0].defaultConfiguration.level).toBe('note');
    expect(driver.rules[4]).toEqual({ id: 'stale-statement' });
  });

  it('maps severities to levels', () => {
    const levels = sarif().runs[0].results.map((r: Log) => `${r.ruleId}:${r.level}`);
    expect(levels).toContain('changed-citation:note');
    expect(levels).toContain('obsolete-term:warning');
    expect(levels).toContain('outdated-citation:error');
  });

  it('gives text files a line/column region and a fix; multi-line matches end on the right line', () => {
    const [purchasing, missing, dhr, changed] = resultsIn(sarif(), MD);
    const loc = purchasing.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'Work%20Instructions/WI-07%20Receiving%20%232.md', uriBaseId: '%SRCROOT%', index: 5 });
    expect(loc.region).toEqual({ startLine: 14, startColumn: 3, endColumn: 16, snippet: { text: '21 CFR 820.50' } });
    expect(purchasing.fixes).toEqual([
      {
        description: { text: 'Replace "21 CFR 820.50" with "ISO 13485:2016 clause 7.4 (21 CFR 820.10(c))".' },
        artifactChanges: [
          {
            artifactLocation: loc.artifactLocation,
            replacements: [{ deletedRegion: { startLine: 14, startColumn: 3, endColumn: 16 }, insertedContent: { text: 'ISO 13485:2016 clause 7.4 (21 CFR 820.10(c))' } }],
          },
        ],
      },
    ]);
    expect(dhr.locations[0].physicalLocation.region).toMatchObject({ startLine: 22, startColumn: 12, endLine: 23, endColumn: 7 });
    expect(missing.fixes).toBeUndefined(); // no replacement
    expect(changed.fixes).toBeUndefined(); // no replacement, not fixable
  });

  it('offers no fix when the scanner says the replacement needs judgement', () => {
    const r = scanResult();
    findingOf(r, MD, '21 CFR 820.50').fixable = false;
    const [purchasing] = resultsIn(sarif(r), MD);
    expect(purchasing.locations[0].physicalLocation.region.startLine).toBe(14);
    expect(purchasing.fixes).toBeUndefined();
  });

  it('gives HTML only a start position: decoded entities make the end unknown', () => {
    const r = scanResult();
    r.files.push({ path: 'web/sop.html', format: 'html', status: 'ok' });
    r.findings.push({ ...findingOf(r, MD, '21 CFR 820.50'), file: 'web/sop.html', match: '§ 820.50', location: { line: 7, column: 5 } });
    const [html] = resultsIn(sarif(r), 'web/sop.html');
    expect(html.locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 5 });
    expect(html.fixes).toBeUndefined();
    expect(validate(sarif(r))).toBe(true);
  });

  it('places PDF, Word and Excel findings by properties and logical locations, without a region or fix', () => {
    const log = sarif();
    const [pdfFirst] = resultsIn(log, PDF);
    expect(pdfFirst.locations[0].physicalLocation.region).toBeUndefined();
    expect(pdfFirst.locations[0].physicalLocation.properties).toEqual({ page: 1, paragraph: 3 });
    expect(pdfFirst.locations[0].logicalLocations).toEqual([{ name: 'p.1 ¶3', kind: 'page' }]);
    expect(pdfFirst.fixes).toBeUndefined();
    const [, footnote] = resultsIn(log, DOCX);
    expect(footnote.locations[0].physicalLocation.properties).toEqual({ paragraph: 2, part: 'word/footnotes.xml' });
    expect(footnote.locations[0].logicalLocations[0].name).toBe('footnotes ¶2');
    const cells = resultsIn(log, XLSX).map((r) => r.locations[0].logicalLocations[0]);
    expect(cells).toEqual([
      { name: 'Sheet1!A3', kind: 'cell' },
      { name: 'Sheet1!B12', kind: 'cell' },
      { name: "'Training 2024'!C4", kind: 'cell' },
    ]);
  });

  it('gives each result a stable fingerprint that ignores line moves and tells repeated matches apart', () => {
    const fp = (log: Log, file: string): string[] => resultsIn(log, file).map((r) => r.partialFingerprints['qmsrMatchHash/v1']);
    const before = fp(sarif(), MD);
    const moved = scanResult();
    for (const f of moved.findings) if (f.location.line !== undefined) f.location.line += 5;
    expect(fp(sarif(moved), MD)).toEqual(before);
    expect(before.every((h) => /^[0-9a-f]{32}$/.test(h))).toBe(true);
    const [, dhr1, dhr2] = fp(sarif(), PDF);
    expect(dhr1).not.toBe(dhr2);
    const renamed = scanResult();
    findingOf(renamed, MD, '21 CFR 820.50').match = '21 CFR 820.70';
    expect(fp(sarif(renamed), MD)[0]).not.toBe(before[0]);
  });

  it('records the run: invocation, unreadable and skipped files, base folder, artifacts and knowledge base', () => {
    const run = sarif().runs[0];
    const [invocation] = run.invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.endTimeUtc).toBe('2026-03-02T09:15:00.000Z');
    const notes = invocation.toolExecutionNotifications;
    expect(notes.map((n: Log) => [n.level, n.descriptor.id, n.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ['error', 'file-unreadable', BAD_PDF],
      ['note', 'file-skipped', SKIPPED],
    ]);
    expect(notes[0].message.text).toContain('no text layer');
    expect(run.tool.driver.notifications[notes[0].descriptor.index].id).toBe('file-unreadable');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///srv/qms%20docs/' } });
    expect(run.artifacts).toHaveLength(7);
    expect(run.artifacts[5]).toEqual({
      location: { uri: 'Work%20Instructions/WI-07%20Receiving%20%232.md', uriBaseId: '%SRCROOT%' },
      roles: ['analysisTarget'],
      hashes: { 'sha-256': 'b'.repeat(64) },
    });
    expect(run.properties).toEqual({ kbVersion: '1.4.0', kbHash: '0123456789abcdef'.repeat(4) });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('keeps the replacement and knowledge-base references on each result', () => {
    const [first] = resultsIn(sarif(), DOCX);
    expect(first.message.text).toMatch(/\nSuggested replacement: ISO 13485:2016 clause 7\.3\.7 \(21 CFR 820\.10\(c\)\)$/);
    expect(first.properties).toEqual({
      kind: 'citation',
      citation: '820.30(g)',
      replacements: ['ISO 13485:2016 clause 7.3.7 (21 CFR 820.10(c))'],
      kbRefs: ['qsr.820.30(g)', 'cw.820.30(g)'],
    });
  });

  it('writes informationUri only when it is an absolute URI', () => {
    const withUri = JSON.parse(sarifReporter(scanResult(), { informationUri: 'https://qmsr.example/' }));
    expect(withUri.runs[0].tool.driver.informationUri).toBe('https://qmsr.example/');
    const relative = JSON.parse(sarifReporter(scanResult(), { informationUri: 'docs/index.html' }));
    expect(relative.runs[0].tool.driver.informationUri).toBeUndefined();
  });

  it('encodes awkward paths and keeps absolute ones as file: URIs', () => {
    const r = emptyResult();
    const base = findingOf(scanResult(), DOCX, '21 CFR 820.30(g)');
    r.findings = [
      { ...base, file: 'SOPs\\Ünïcode 100%.docx' },
      { ...base, file: '/abs/path/x y.docx' },
    ];
    const log = sarif(r);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const uris = log.runs[0].results.map((x: Log) => x.locations[0].physicalLocation.artifactLocation);
    expect(uris).toEqual([{ uri: 'file:///abs/path/x%20y.docx' }, { uri: 'SOPs/%C3%9Cn%C3%AFcode%20100%25.docx', uriBaseId: '%SRCROOT%' }]);
  });
});
