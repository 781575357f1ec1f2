/**
 * One SARIF result per finding: where it is (a line/column region in text
 * files; page, paragraph or cell as properties and a logical location in
 * binary documents), the proposed fix where a region exists, and a fingerprint
 * that survives edits elsewhere in the document.
 */
import { createHash } from 'node:crypto';
import type { SourceLocation } from '../doc-model/types.js';
import type { Finding, Severity } from '../scanner/types.js';
import { formatLocation, type LineMapping } from './location.js';

/** Base id that relative artifact URIs resolve against. */
export const SRCROOT = '%SRCROOT%';

/** Key of the fingerprint in `partialFingerprints`; bump the version if the recipe changes. */
export const FINGERPRINT_KEY = 'qmsrMatchHash/v1';

/** SARIF level for each finding severity. */
export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A SARIF artifactLocation. */
export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

/** A SARIF region (the subset written here). */
interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  snippet?: { text: string };
}

/**
 * A path as a URI reference: '/' separators, each segment percent-encoded (a
 * space or `#` in a file name must not break the URI). Relative paths resolve
 * against %SRCROOT%; absolute ones become file: URIs.
 */
export function artifactUri(path: string): ArtifactLocation {
  const p = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  const encode = (s: string): string => s.split('/').map(encodeURIComponent).join('/');
  const drive = /^([A-Za-z]):\/(.*)$/.exec(p);
  if (drive) return { uri: `file:///${drive[1]}:/${encode(drive[2]!)}` };
  if (p.startsWith('/')) return { uri: `file://${encode(p)}` };
  return { uri: encode(p), uriBaseId: SRCROOT };
}

/** The region a finding covers, when its location is a line (and column) of the file; the end only when exact. */
function regionOf(f: Finding, mapping: LineMapping): Region | undefined {
  const { line, column } = f.location;
  if (line === undefined || mapping === 'none') return undefined;
  const region: Region = { startLine: line };
  if (column !== undefined) region.startColumn = column;
  if (column !== undefined && mapping === 'exact' && f.match !== '') {
    const lines = f.match.split(/\r\n|\r|\n/);
    if (lines.length > 1) region.endLine = line + lines.length - 1;
    region.endColumn = lines.length > 1 ? lines[lines.length - 1]!.length + 1 : column + f.match.length;
    region.snippet = { text: f.match };
  }
  return region;
}

/** Location facts that have no SARIF region: page, paragraph, sheet, cell, Word part. */
function locationProperties(loc: SourceLocation): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of ['page', 'line', 'column', 'paragraph', 'sheet', 'cell', 'part'] as const) {
    const v = loc[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** SARIF logical-location kind for a document location. */
function logicalKind(loc: SourceLocation): string {
  if (loc.cell !== undefined || loc.sheet !== undefined) return 'cell';
  if (loc.page !== undefined) return 'page';
  return loc.paragraph !== undefined ? 'paragraph' : 'text';
}

/** A proposed fix replacing the match, only where the region is exact (line and column known). */
function fixOf(f: Finding, artifact: ArtifactLocation, region: Region | undefined): object[] | undefined {
  const replacement = f.replacements[0];
  if (!region || region.startColumn === undefined || region.endColumn === undefined || !replacement) return undefined;
  if (f.fixable === false) return undefined;
  const { snippet: _snippet, ...deletedRegion } = region;
  return [
    {
      description: { text: `Replace "${f.match}" with "${replacement.text}".` },
      artifactChanges: [{ artifactLocation: artifact, replacements: [{ deletedRegion, insertedContent: { text: replacement.text } }] }],
    },
  ];
}

/**
 * Stable fingerprints: a hash of rule, file, match (whitespace folded) and which
 * occurrence of that match in the file it is, so a finding keeps its identity
 * when lines are added above it. Call on findings in report order.
 */
function fingerprinter(): (f: Finding) => string {
  const seen = new Map<string, number>();
  return (f) => {
    const parts = [f.ruleId, f.file, f.match.replace(/\s+/g, ' ').trim()];
    const key = JSON.stringify(parts);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(JSON.stringify([...parts, n])).digest('hex').slice(0, 32);
  };
}

/** What the result builder needs to know about the run. */
export interface ResultContext {
  /** Index of each rule id in `tool.driver.rules`. */
  ruleIndex: ReadonlyMap<string, number>;
  /** Index of each file path in `run.artifacts`. */
  artifactIndex: ReadonlyMap<string, number>;
  /** How a file's lines and columns relate to its own text. */
  lineMapping: (path: string) => LineMapping;
}

/** Returns a function turning findings, taken in report order, into SARIF results. */
export function resultBuilder(ctx: ResultContext): (f: Finding) => object {
  const fingerprint = fingerprinter();
  return (f) => {
    const index = ctx.artifactIndex.get(f.file);
    const artifact: ArtifactLocation = { ...artifactUri(f.file), ...(index !== undefined ? { index } : {}) };
    const region = regionOf(f, ctx.lineMapping(f.file));
    const label = formatLocation(f.location);
    const physicalLocation = region
      ? { artifactLocation: artifact, region }
      : { artifactLocation: artifact, properties: locationProperties(f.location) };
    const location = region || label === '-' ? { physicalLocation } : { physicalLocation, logicalLocations: [{ name: label, kind: logicalKind(f.location) }] };
    const replacement = f.replacements[0]?.text;
    const fixes = fixOf(f, artifact, region);
    return {
      ruleId: f.ruleId,
      ruleIndex: ctx.ruleIndex.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: replacement ? `${f.message}\nSuggested replacement: ${replacement}` : f.message },
      locations: [location],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f) },
      ...(fixes ? { fixes } : {}),
      properties: {
        kind: f.kind,
        ...(f.citation !== undefined ? { citation: f.citation } : {}),
        ...(f.term !== undefined ? { term: f.term } : {}),
        replacements: f.replacements.map((r) => r.text),
        kbRefs: f.kbRefs,
      },
    };
  };
}
