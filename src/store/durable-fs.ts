/**
 * Durability for PGlite on Node.
 *
 * Out of the box PGlite 0.5 starts PostgreSQL with `-F` (fsync = off), and
 * Emscripten's NODEFS has no `fsync` stream operation, so even with fsync on
 * PostgreSQL's fsync() calls would do nothing (fdatasync() is a no-op stub in
 * the Emscripten runtime as well). Commits then reach the kernel's page cache
 * with write(2), which survives a killed process but not a power cut or an
 * OS crash.
 *
 * This module closes that gap:
 * - {@link DurableNodeFS} mounts the data directory like PGlite's NodeFS and
 *   gives NODEFS a real `fsync` (`fs.fsyncSync` on the host file descriptor);
 * - {@link durableStartParams} starts PostgreSQL with fsync = on and
 *   wal_sync_method = fsync, the one sync method that reaches that operation.
 * COMMIT therefore returns only after the WAL record is on stable storage,
 * and checkpoints fsync data files before WAL is recycled.
 * See docs/database.md for the measurements.
 */
import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type EmscriptenOptions = Parameters<NodeFS['init']>[1];
type InitResult = Awaited<ReturnType<NodeFS['init']>>;
type PreRun = NonNullable<EmscriptenOptions['preRun']>[number];

interface NodeFsStream {
  nfd?: number;
}
interface NodeFsModule {
  NODEFS?: { stream_ops?: { fsync?: (stream: NodeFsStream) => number } };
}

/** Server settings (beyond PGlite's defaults) that the embedded store needs. */
export const REQUIRED_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'on',
  wal_sync_method: 'fsync',
  synchronous_commit: 'on',
  full_page_writes: 'on',
  TimeZone: 'UTC',
};

/** PGlite's default start parameters without `-F`, plus {@link REQUIRED_SETTINGS}. */
export function durableStartParams(): string[] {
  const params = PGlite.defaultStartParams.filter((p) => p !== '-F');
  for (const [name, value] of Object.entries(REQUIRED_SETTINGS)) params.push('-c', `${name}=${value}`);
  return params;
}

/** PGlite's NodeFS with a working fsync. */
export class DurableNodeFS extends NodeFS {
  #fsyncCount = 0;
  #installed = false;

  /** fsync calls PostgreSQL has made through this filesystem. */
  get fsyncCount(): number {
    return this.#fsyncCount;
  }

  /** True once the fsync operation was installed into NODEFS. */
  get installed(): boolean {
    return this.#installed;
  }

  override async init(pg: PGlite, opts: EmscriptenOptions): Promise<InitResult> {
    const result = await super.init(pg, opts);
    const install: PreRun = (mod) => {
      const streamOps = (mod as unknown as NodeFsModule).NODEFS?.stream_ops;
      if (!streamOps) {
        throw new Error('PGlite internals changed: NODEFS.stream_ops not found, cannot make commits durable. Refusing to open the database.');
      }
      streamOps.fsync = (stream) => {
        if (typeof stream.nfd !== 'number') return 0;
        // A failed fsync must never look like success: let the error abort PostgreSQL's call.
        fsyncSync(stream.nfd);
        this.#fsyncCount++;
        return 0;
      };
      this.#installed = true;
    };
    return { emscriptenOpts: { ...result.emscriptenOpts, preRun: [...(result.emscriptenOpts.preRun ?? []), install] } };
  }
}

/** fsync every file and directory under `dir` (used once, after a new database is created). */
export function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else if (entry.isFile()) fsyncPath(path);
  }
  fsyncPath(dir);
}

/** fsync one file or directory by path. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
