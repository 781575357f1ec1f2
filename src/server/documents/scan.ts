/**
 * Scanning an assessment's documents: the scanner runs over each source (the
 * upload folder, then every registered folder), the results are merged into
 * one scan whose paths are the documents' paths (`uploads/…` or absolute),
 * and the assessment service's evidence proposer records the documents and
 * proposes evidence from it, with the documents' text.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../assessment/audit.js';
import { proposeEvidence } from '../../assessment/service.js';
import type { ProposeResult } from '../../assessment/service.js';
import type { TextDocument } from '../../doc-model/types.js';
import type { KnowledgeBase } from '../../kb/model.js';
import { readDocument } from '../../readers/index.js';
import { scanPaths } from '../../scanner/scan-files.js';
import type { ScanResult } from '../../scanner/types.js';
import type { Store } from '../../store/store.js';
import { documentSources } from './storage.js';
import type { DocumentSource } from './storage.js';

/** Scan every document source of an assessment and propose evidence. */
export async function scanAssessment(store: Store, kb: KnowledgeBase, dataDir: string, assessmentId: string, actor: Actor): Promise<ProposeResult & { scan: ScanResult['summary'] }> {
  const sources = await documentSources(store.db, dataDir, assessmentId);
  const jobs = Math.max(1, Math.min(2, availableParallelism() - 1));
  const results: { source: DocumentSource; result: ScanResult }[] = [];
  for (const source of sources) {
    const result = await scanPaths([source.root], { kb, jobs, cacheDir: join(dataDir, 'scan-cache'), cwd: source.root });
    results.push({ source, result });
  }
  const merged = merge(results, kb);
  const documents = new Map<string, TextDocument>();
  for (const { source, result } of results) {
    for (const f of result.files) {
      if (f.status !== 'ok') continue;
      const doc = await readDocument(join(source.root, ...f.path.split('/'))).catch(() => undefined);
      if (doc) documents.set(prefixed(source, f.path), doc);
    }
  }
  const proposed = await proposeEvidence(store, assessmentId, merged, { actor, documents, kb });
  return { ...proposed, scan: merged.summary };
}

function prefixed(source: DocumentSource, path: string): string {
  return `${source.label}/${path}`;
}

function merge(results: readonly { source: DocumentSource; result: ScanResult }[], kb: KnowledgeBase): ScanResult {
  const files = results.flatMap(({ source, result }) => result.files.map((f) => ({ ...f, path: prefixed(source, f.path) })));
  const findings = results.flatMap(({ source, result }) => result.findings.map((f) => ({ ...f, file: prefixed(source, f.file) })));
  const first = results[0]?.result;
  return {
    schemaVersion: 1,
    tool: first?.tool ?? { name: 'qmsr', version: 'unknown' },
    kb: { version: kb.version, hash: kb.hash },
    generatedAt: new Date().toISOString(),
    summary: {
      files: files.length,
      scanned: files.filter((f) => f.status === 'ok').length,
      failed: files.filter((f) => f.status === 'error').length,
      findings: findings.length,
    },
    files,
    findings,
  };
}
