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
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
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

/** A folder being walked. */
interface Folder {
  dir: string;
  /** Its path below the root being walked, for the globs. */
  rel: string;
  real: string;
  /** Its path below the scan base ('' for the base itself), which its files' reported paths start with. */
  under: string;
  entries: Dirent[];
  /** The entry to look at next. */
  next: number;
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
    this.include = options.include.length > 0 ? globMatcher(options.include) : undefined;
    this.includeBases = options.include.map((glob) => picomatch.scan(glob).base);
    this.exclude = options.exclude.length > 0 ? globMatcher(options.exclude) : () => false;
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

  /**
   * Walk a folder given on the command line, depth first, entries in name order. One generator
   * with a stack of open folders rather than one generator per folder: every item passes through
   * each generator it is delegated by, and that cost was most of a walk.
   */
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
    const stack: Folder[] = [];
    const root = await this.open(path, '', real, display, relative(this.base, path).split(sep).join('/'));
    if (root instanceof Array) yield* root;
    else stack.push(root);
    while (stack.length > 0) {
      const folder = stack[stack.length - 1]!;
      const entry = folder.entries[folder.next++];
      if (!entry) {
        stack.pop();
        continue;
      }
      const name = entry.name;
      const path = folder.dir.endsWith(sep) ? folder.dir + name : folder.dir + sep + name;
      const rel = folder.rel ? `${folder.rel}/${name}` : name;
      // What toDisplay(base, path) gives, without resolving both paths again for every file.
      const display = folder.under ? `${folder.under}/${name}` : name;
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDirectory = (await stat(path)).isDirectory();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') yield problem(path, display, `symbolic link loop at ${display}, skipped`);
          else if (this.wanted(rel, name)) yield problem(path, display, describeFsError(error, 'link'));
          continue;
        }
      }
      if (!isDirectory) {
        if (this.wanted(rel, name)) {
          const item = this.file(path, display);
          if (item) yield item;
        }
        continue;
      }
      if (this.exclude(rel) || !this.mayInclude(rel)) continue;
      let childReal: string;
      try {
        childReal = await realpath(path);
      } catch (error) {
        yield problem(path, display, describeFsError(error, 'folder'));
        continue;
      }
      // A link to the folder itself or to a folder above it would be walked forever.
      if (isInside(folder.real, childReal)) {
        yield problem(path, display, `symbolic link loop at ${display}, skipped`);
        continue;
      }
      if (this.seenDirs.has(childReal)) {
        this.options.onDebug?.(`${display}: already scanned through another path, skipped`);
        continue;
      }
      this.seenDirs.add(childReal);
      const child = await this.open(path, rel, childReal, display, display);
      if (child instanceof Array) yield* child;
      else stack.push(child);
    }
  }

  /** A folder's entries in name order, or the problem of reading them. */
  private async open(dir: string, rel: string, real: string, display: string, under: string): Promise<Folder | DiscoveryProblem[]> {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { dir, rel, real, under, entries, next: 0 };
    } catch (error) {
      return [problem(dir, display, describeFsError(error, 'folder'))];
    }
  }

  /** Whether a folder can hold files the include globs match (`SOPs/**` never matches under `WIs/`). */
  private mayInclude(dir: string): boolean {
    if (!this.include) return true;
    return this.includeBases.some((b) => b === '' || b === dir || b.startsWith(`${dir}/`) || dir.startsWith(`${b}/`));
  }

  /** Whether a file found inside a folder is one to scan (counts the ones that are not). */
  private wanted(rel: string, name: string): boolean {
    if (name.startsWith('~$')) {
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

/**
 * A matcher for globs (as picomatch matches them, dot files included) that
 * first looks, without a regular expression, for text each glob needs (the
 * default glob that skips node_modules folders needs `node_modules`). A path
 * with none of it matches none of the globs. picomatch's regular expressions cost microseconds per
 * path while V8 still interprets them, which at the start of a short run is
 * every time, and a walk tests every file and folder.
 */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const match = picomatch([...globs], { dot: true });
  const needed = globs.map(requiredText);
  if (needed.some((text) => text === undefined)) return match;
  return (path) => needed.some((text) => path.includes(text!)) && match(path);
}

/**
 * The longest plain text inside one part of a glob, which every path it
 * matches contains; undefined when there is none, or the glob is negated.
 * Parts with braces, extglobs, character classes, quotes or escapes are left
 * out (their text has alternatives or another meaning); `*` and `?` only cut
 * the text.
 */
function requiredText(glob: string): string | undefined {
  if (glob.startsWith('!')) return undefined;
  let best: string | undefined;
  for (const part of glob.split('/')) {
    if (/[{}()[\]|!@+\\"']/.test(part)) continue;
    for (const text of part.split(/[*?]+/)) if (/[A-Za-z0-9_~$-]/.test(text) && text.length > (best?.length ?? 0)) best = text;
  }
  return best;
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
