/**
 * The scan configuration file: `--config FILE`, or the first of
 * `qmsr.config.json`, `qmsr.config.yaml`, `.qmsrrc.json`, `.qmsrrc.yaml` in the
 * current folder. Validated strictly: an unknown key or rule id is an error
 * that names the file and the key. The format is documented in
 * docs/configuration.md.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseCitation } from '../citations/index.js';
import type { Term } from '../kb/model.js';
import { termSchema } from '../kb/schema.js';
import { defaultConfig, findConfigFile, type ScanConfig } from './config.js';
import { replacementStyles } from './replacement.js';
import { ruleMetas } from './rules/index.js';

/** The effective configuration and the file it came from, or why the file was refused (names file and key). */
export type ConfigLoad = { ok: true; config: ScanConfig; file?: string } | { ok: false; error: string };

const fileSchema = z
  .object({
    $schema: z.string().optional(),
    include: z.array(z.string().min(1)).optional(),
    exclude: z.array(z.string().min(1)).optional(),
    rules: z.record(z.string(), z.enum(['off', 'error', 'warning', 'info'])).optional(),
    acceptedCitations: z.array(z.string()).optional(),
    customTerms: z.array(z.record(z.string(), z.unknown())).optional(),
    replacementStyle: z.enum(replacementStyles as [string, ...string[]]).optional(),
    bareCitations: z.enum(['context', 'always', 'never']).optional(),
    maxFindingsPerFile: z.number().int().min(1).optional(),
  })
  .strict();

type FileConfig = z.infer<typeof fileSchema>;

/**
 * The effective configuration: defaults, overlaid with the config file named
 * by `file` or found in `cwd`. Without a file, the defaults.
 */
export function loadScanConfig(options: { file?: string; cwd?: string } = {}): ConfigLoad {
  const cwd = options.cwd ?? process.cwd();
  const path = options.file ? resolve(cwd, options.file) : findConfigFile(cwd);
  if (!path) return { ok: true, config: { ...defaultConfig } };
  const name = options.file ?? relative(cwd, path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: `${name}: cannot read the configuration file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})` };
  }
  const raw = parseText(text, path);
  if (!raw.ok) return { ok: false, error: `${name}: ${raw.error}` };
  const result = resolveConfig(raw.value ?? {}, name);
  return result.ok ? { ok: true, config: result.config, file: path } : { ok: false, error: `${name}: ${result.error}` };
}

function parseText(text: string, path: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: path.endsWith('.json') ? JSON.parse(text) : parseYaml(text) };
  } catch (err) {
    return { ok: false, error: `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Validate parsed config data and merge it over the defaults; `source` names the file in messages. */
export function resolveConfig(data: unknown, source = 'configuration'): { ok: true; config: ScanConfig } | { ok: false; error: string } {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((issue) => describeIssue(issue)).join('; ') };
  const file: FileConfig = parsed.data;
  const problems: string[] = [];

  const known = new Set(ruleMetas.map((m) => m.id));
  for (const id of Object.keys(file.rules ?? {})) {
    if (!known.has(id)) problems.push(`rules.${id}: unknown rule id "${id}" (rules: ${[...known].join(', ')})`);
  }

  const accepted: string[] = [];
  (file.acceptedCitations ?? []).forEach((text, i) => {
    const result = parseCitation(text);
    if (result.ok) accepted.push(result.ref.citation);
    else problems.push(`acceptedCitations[${i}]: "${text}" is not a citation (${result.error})`);
  });

  const customTerms: Term[] = [];
  (file.customTerms ?? []).forEach((input, i) => {
    const term = termSchema.safeParse(withTermDefaults(input, source));
    if (term.success) customTerms.push(term.data);
    else problems.push(...term.error.issues.map((issue) => describeIssue(issue, `customTerms[${i}]`)));
  });
  const ids = customTerms.map((t) => t.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`customTerms: two terms have the id "${id}"`);

  if (problems.length > 0) return { ok: false, error: problems.join('; ') };
  return {
    ok: true,
    config: {
      include: file.include ?? defaultConfig.include,
      exclude: [...defaultConfig.exclude, ...(file.exclude ?? [])],
      rules: file.rules ?? {},
      acceptedCitations: [...new Set(accepted)],
      customTerms,
      replacementStyle: (file.replacementStyle as ScanConfig['replacementStyle'] | undefined) ?? defaultConfig.replacementStyle,
      bareCitations: file.bareCitations ?? defaultConfig.bareCitations,
      maxFindingsPerFile: file.maxFindingsPerFile ?? defaultConfig.maxFindingsPerFile,
    },
  };
}

/** A custom term needs only `term` and `replacement`; the bookkeeping fields get defaults. */
function withTermDefaults(input: Record<string, unknown>, source: string): Record<string, unknown> {
  const slug = typeof input.term === 'string' ? input.term.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : '';
  return {
    id: `term.custom-${slug || 'unnamed'}`,
    rationale: `Organisation-specific term, listed in ${source}.`,
    sources: ['organisation'],
    ...input,
  };
}

function describeIssue(issue: z.core.$ZodIssue, prefix?: string): string {
  const path = [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('').replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${path || '(top level)'}: ${issue.message}`;
}
