/**
 * File discovery for a scan: walks the paths given on the command line,
 * applies include/exclude globs, keeps supported documents and yields them as
 * they are found, so a folder of thousands of SOPs never sits in memory as a
 * list. Problems (a missing path, an unreadable folder, a symbolic link loop,
 * an explicitly named file of an unsupported type) are yielded as file errors;
 * the walk goes on.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { DocumentFormat } from '../doc-model/types.js';
import { formatOf as readerFormatOf, supportedExtensions } from '../readers/index.js';

/** A document to read. */
export interface DiscoveredFile {
  kind: 'file';
  /** Absolute path. */
  path: string;
  /** Path reported to the user: relative to the scan base, '/' separators. */
  display: string;
  format: DocumentFormat | 'unknown';
}

/** Something found that cannot be scanned, reported as a file error. */
export interface DiscoveryProblem {
  kind: 'error';
  path: string;
  display: string;
  format: DocumentFormat | 'unknown';
  message: string;
}

/** What discovery yields, in walk order. */
export type DiscoveryItem = DiscoveredFile | DiscoveryProblem;

/** Which files a walk keeps. */
export interface DiscoverOptions {
  /** Globs of files to keep, relative to each scanned folder; empty keeps every supported file. */
  include: readonly string[];
  /** Globs of files and folders to skip, relative to each scanned folder. */
  exclude: readonly string[];
  /** Resolve relative paths against this folder (default: the process's). */
  cwd?: string;
  /** Diagnostics for --verbose. */
  onDebug?: (message: string) => void;
}

/** The document format a file name suggests, or 'unknown'. */
export function formatOf(path: string): DocumentFormat | 'unknown' {
  return readerFormatOf(path) ?? 'unknown';
}

/** Lower-case extension with the dot. */
function extensionOf(path: string): string {
  return extname(path).toLowerCase();
}

/** ".docx, .pdf, …": the main extension of each format, for messages. */
function extensionList(): string {
  const seen = new Map<string, string>();
  for (const ext of supportedExtensions) if (!seen.has(formatOf(`x${ext}`))) seen.set(formatOf(`x${ext}`), ext);
  return [...seen.values()].join(', ');
}

const SUPPORTED = new Set(supportedExtensions);

/** Word and Excel leave `~$name.docx` lock files beside open documents. */
export function isOfficeLockFile(path: string): boolean {
  return basename(path).startsWith('~$');
}

/**
 * The folder that reported paths are relative to: a single folder argument is
 * its own base; otherwise the deepest folder containing every argument (a
 * file argument counts as its folder).
 */
export function scanBase(roots: readonly { path: string; isDirectory: boolean }[]): string {
  const dirs = roots.map((r) => (r.isDirectory ? r.path : dirname(r.path)));
  if (dirs.length === 0) return process.cwd();
  let base = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (!isInside(d, base)) {
      const up = dirname(base);
      if (up === base) break;
      base = up;
    }
  }
  return base;
}

/** Whether `path` is `dir` or lies under it. */
function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** `path` relative to `base` with '/' separators (the file's own name when they coincide). */
export function toDisplay(base: string, path: string): string {
  const rel = relative(base, path);
  return (rel === '' ? basename(path) : rel).split(sep).join('/');
}

/** Walk `paths` and yield every document to scan, and every problem, in a stable order. */
export async function* discover(paths: readonly string[], options: DiscoverOptions): AsyncGenerator<DiscoveryItem> {
  const cwd = options.cwd ?? process.cwd();
  const roots: { path: string; stats?: Stats; error?: unknown }[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    try {
      roots.push({ path, stats: await stat(path) });
    } catch (error) {
      roots.push({ path, error });
    }
  }
  const base = scanBase(roots.map((r) => ({ path: r.path, isDirectory: r.stats?.isDirectory() ?? false })));
  const walker = new Walker(base, options);
  for (const root of roots) {
    const display = toDisplay(base, root.path);
    if (!root.stats) {
      yield problem(root.path, display, describeFsError(root.error, 'path'));
    } else if (root.stats.isDirectory()) {
      yield* walker.walkRoot(root.path, display);
    } else {
      const item = walker.explicitFile(root.path);
      if (item) yield item;
    }
  }
  walker.finish();
}

function problem(path: string, display: string, message: string): DiscoveryProblem {
  return { kind: 'error', path, display, format: formatOf(path), message };
}

/** One walk over every root of a scan; remembers what it has seen so nothing is read twice. */
class Walker {
  private readonly seenFiles = new Set<string>();
  private readonly seenDirs = new Set<string>();
  private readonly include: ((path: string) => boolean) | undefined;
  /** The fixed folder part of each include glob ('' when it can match anywhere). */
  private readonly includeBases: string[];
  private readonly exclude: (path: string) => boolean;
  private unsupported = 0;
  private locks = 0;

  constructor(
    private readonly base: string,
    private readonly options: DiscoverOptions,
  ) {
    this.include = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : undefined;
    this.includeBases = options.include.map((glob) => picomatch.scan(glob).base);
    this.exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  }

  /** A file named on the command line: scanned as given, whatever the globs say. */
  explicitFile(path: string): DiscoveryItem | undefined {
    const display = toDisplay(this.base, path);
    if (isOfficeLockFile(path)) {
      this.locks++;
      return undefined;
    }
    if (!SUPPORTED.has(extensionOf(path))) {
      const ext = extname(path) || '(no extension)';
      return problem(path, display, `unsupported file type ${ext}; qmsr reads ${extensionList()}`);
    }
    return this.file(path, display);
  }

  async *walkRoot(path: string, display: string): AsyncGenerator<DiscoveryItem> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      yield problem(path, display, describeFsError(error, 'folder'));
      return;
    }
    if (this.seenDirs.has(real)) return;
    this.seenDirs.add(real);
    yield* this.walk(path, '', real, display);
  }

  private async *walk(dir: string, rel: string, real: string, display: string): AsyncGenerator<DiscoveryItem> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      yield problem(dir, display, describeFsError(error, 'folder'));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childDisplay = toDisplay(this.base, path);
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDirectory = (await stat(path)).isDirectory();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') yield problem(path, childDisplay, `symbolic link loop at ${childDisplay}, skipped`);
          else if (this.wanted(childRel, entry.name)) yield problem(path, childDisplay, describeFsError(error, 'link'));
          continue;
        }
      }
      if (isDirectory) {
        if (this.exclude(childRel) || !this.mayInclude(childRel)) continue;
        yield* this.enterDirectory(path, childRel, real, childDisplay);
      } else if (this.wanted(childRel, entry.name)) {
        const item = this.file(path, childDisplay);
        if (item) yield item;
      }
    }
  }

  private async *enterDirectory(path: string, rel: string, parentReal: string, display: string): AsyncGenerator<DiscoveryItem> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      yield problem(path, display, describeFsError(error, 'folder'));
      return;
    }
    // A link to the folder itself or to a folder above it would be walked forever.
    if (isInside(parentReal, real)) {
      yield problem(path, display, `symbolic link loop at ${display}, skipped`);
      return;
    }
    if (this.seenDirs.has(real)) {
      this.options.onDebug?.(`${display}: already scanned through another path, skipped`);
      return;
    }
    this.seenDirs.add(real);
    yield* this.walk(path, rel, real, display);
  }

  /** Whether a folder can hold files the include globs match (`SOPs/**` never matches under `WIs/`). */
  private mayInclude(dir: string): boolean {
    if (!this.include) return true;
    return this.includeBases.some((b) => b === '' || b === dir || b.startsWith(`${dir}/`) || dir.startsWith(`${b}/`));
  }

  /** Whether a file found inside a folder is one to scan (counts the ones that are not). */
  private wanted(rel: string, name: string): boolean {
    if (isOfficeLockFile(name)) {
      this.locks++;
      return false;
    }
    if (!SUPPORTED.has(extensionOf(name))) {
      this.unsupported++;
      return false;
    }
    if (this.exclude(rel)) return false;
    return this.include ? this.include(rel) : true;
  }

  private file(path: string, display: string): DiscoveredFile | undefined {
    if (this.seenFiles.has(path)) return undefined;
    this.seenFiles.add(path);
    return { kind: 'file', path, display, format: formatOf(path) };
  }

  finish(): void {
    if (this.unsupported > 0) this.options.onDebug?.(`skipped ${this.unsupported} file(s) of types qmsr does not read`);
    if (this.locks > 0) this.options.onDebug?.(`skipped ${this.locks} Office lock file(s) (~$…)`);
  }
}

/** A file-system error in words a QA manager understands. */
export function describeFsError(error: unknown, what: 'path' | 'folder' | 'link'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return what === 'link' ? 'broken symbolic link: its target does not exist' : 'there is no file or folder at this path';
    case 'ENOTDIR':
      return 'there is no file or folder at this path';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: this ${what === 'folder' ? 'folder' : 'path'} cannot be opened with your access rights`;
    case 'ELOOP':
      return 'symbolic link loop, skipped';
    default:
      return `cannot be opened (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}
