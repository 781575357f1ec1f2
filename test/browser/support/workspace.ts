/**
 * A real `qmsr serve` in this process: embedded database in a temporary
 * folder, the built web app, a free port. Stopped and deleted afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../src/server/serve.js';
import type { RunningServer } from '../../../src/server/serve.js';

/** A running workspace. */
export interface Workspace {
  url: string;
  server: RunningServer;
  dataDir: string;
  stop(): Promise<void>;
}

/** Start a workspace on 127.0.0.1 with a fresh data folder. */
export async function startWorkspace(): Promise<Workspace> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qmsr-browser-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, data: join(dataDir, 'data') });
  return {
    url: server.url,
    server,
    dataDir,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
