/**
 * SARIF 2.1.0 for CI and code-scanning services: one run, the rules in
 * `tool.driver.rules`, one result per finding, the scanned files as artifacts
 * with their SHA-256, and a notification for every file that could not be read.
 */
import { pathToFileURL } from 'node:url';
import type { FileResult, ScanResult } from '../scanner/types.js';
import { lineMapping } from './location.js';
import { sortFiles, sortFindings } from './order.js';
import { artifactUri, LEVEL, resultBuilder, SRCROOT } from './sarif-result.js';
import type { ReporterOptions, RuleInfo } from './types.js';

/** The `$schema` written into every log. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Descriptors for notifications about files, referenced by index from each notification. */
const NOTIFICATIONS = [
  { id: 'file-unreadable', shortDescription: { text: 'A file could not be read, so it was not scanned.' } },
  { id: 'file-skipped', shortDescription: { text: 'A file was skipped and not scanned.' } },
] as const;

/** The SARIF log as pretty-printed JSON with a trailing newline. */
export function sarifReporter(result: ScanResult, options: ReporterOptions = {}): string {
  const files = sortFiles(result.files);
  const findings = sortFindings(result.findings);
  const rules = ruleList(options.rules ?? [], findings.map((f) => f.ruleId));
  const formats = new Map(files.map((f) => [f.path, f.format]));
  const toResult = resultBuilder({
    ruleIndex: new Map(rules.map((r, i) => [r.id, i])),
    artifactIndex: new Map(files.map((f, i) => [f.path, i])),
    lineMapping: (path) => lineMapping(path, formats.get(path)),
  });
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            ...(/^\d+\.\d+\.\d+/.test(result.tool.version) ? { semanticVersion: result.tool.version } : {}),
            ...(isAbsoluteUri(options.informationUri) ? { informationUri: options.informationUri } : {}),
            rules: rules.map(ruleDescriptor),
            notifications: NOTIFICATIONS,
          },
        },
        invocations: [invocation(result, files)],
        originalUriBaseIds: { [SRCROOT]: srcRoot(options.cwd) },
        artifacts: files.map(artifact),
        results: findings.map(toResult),
        columnKind: 'utf16CodeUnits',
        properties: { kbVersion: result.kb.version, kbHash: result.kb.hash },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Rules as given (first of each id wins), then any rule seen in findings but not described, by id. */
function ruleList(given: readonly RuleInfo[], used: readonly string[]): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const r of given) if (!byId.has(r.id)) byId.set(r.id, r);
  const missing = [...new Set(used)].filter((id) => !byId.has(id)).sort();
  return [...byId.values(), ...missing.map((id) => ({ id, description: '', defaultSeverity: 'warning' as const }))];
}

function ruleDescriptor(rule: RuleInfo): object {
  if (rule.description === '') return { id: rule.id };
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.rationale ?? rule.description },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    ...(isAbsoluteUri(rule.helpUri) ? { helpUri: rule.helpUri } : {}),
  };
}

function invocation(result: ScanResult, files: readonly FileResult[]): object {
  const notifications = files.flatMap((f, index) => {
    if (f.status === 'ok') return [];
    const unreadable = f.status === 'error';
    const why = f.error ?? (unreadable ? 'unknown reason' : 'not a supported document');
    return [
      {
        level: unreadable ? 'error' : 'note',
        message: { text: `${f.path}: ${unreadable ? 'could not be read' : 'skipped'}: ${why}` },
        locations: [{ physicalLocation: { artifactLocation: { ...artifactUri(f.path), index } } }],
        descriptor: { id: NOTIFICATIONS[unreadable ? 0 : 1].id, index: unreadable ? 0 : 1 },
      },
    ];
  });
  // The scan itself completed; unreadable files are reported, not a tool failure.
  return {
    executionSuccessful: true,
    ...(isDateTime(result.generatedAt) ? { endTimeUtc: result.generatedAt } : {}),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

function artifact(f: FileResult): object {
  return {
    location: artifactUri(f.path),
    roles: ['analysisTarget'],
    ...(f.sha256 ? { hashes: { 'sha-256': f.sha256 } } : {}),
  };
}

/** %SRCROOT% as a file: URI ending in '/', or just a description when the folder is not known. */
function srcRoot(cwd: string | undefined): object {
  if (!cwd) return { description: { text: 'The folder the scanned paths are relative to.' } };
  const href = pathToFileURL(cwd).href;
  return { uri: href.endsWith('/') ? href : `${href}/` };
}

function isAbsoluteUri(uri: string | undefined): uri is string {
  return uri !== undefined && /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri);
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(value);
}
