/**
 * Scan configuration: which files, which rules at which severity, accepted
 * citations, custom terms and the replacement style. Loaded from a config file
 * by `config-file.ts`; this module holds the resolved shape and its defaults.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Term } from '../kb/model.js';
import type { ReplacementStyle } from './replacement.js';
import type { Severity } from './types.js';

export type RuleSetting = Severity | 'off';

export interface ScanConfig {
  /** Globs (relative to the scanned root) of files to read; default: every supported file. */
  include: string[];
  /** Globs of files and folders to skip. */
  exclude: string[];
  /** Per-rule severity, or 'off'. Rules not listed keep their default. */
  rules: Record<string, RuleSetting>;
  /** Normalised citations that are accepted as written (e.g. "820.1(a)" in a history section). */
  acceptedCitations: string[];
  /** Organisation-specific obsolete terms, same shape as the knowledge base's. */
  customTerms: Term[];
  replacementStyle: ReplacementStyle;
  /** Bare numbers such as "820.30" count as citations: only in documents that mention the regulation (default), always, or never. */
  bareCitations: 'context' | 'always' | 'never';
  /** Findings kept per file; beyond this one note says how many more there were (bounds memory on pathological files). */
  maxFindingsPerFile: number;
}

export const defaultConfig: ScanConfig = {
  include: [],
  exclude: ['**/node_modules/**', '**/.git/**', '**/.qmsr/**', '**/~$*'],
  rules: {},
  acceptedCitations: [],
  customTerms: [],
  replacementStyle: 'iso-qmsr',
  bareCitations: 'context',
  maxFindingsPerFile: 5000,
};

/** Config file names looked for in the current folder, in this order. */
export const CONFIG_FILE_NAMES = ['qmsr.config.json', 'qmsr.config.yaml', '.qmsrrc.json', '.qmsrrc.yaml'] as const;

/** The first config file found in `cwd`, or undefined (then the defaults apply; nothing needs the config parser). */
export function findConfigFile(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p));
}
