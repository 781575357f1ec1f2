/**
 * Running the workspace: open and migrate the store, build the app, listen;
 * and stop cleanly: stop accepting connections, let requests in flight
 * finish (for up to `drainMs`, then cut the remaining connections), close the
 * app, then close the store (which for the embedded database checkpoints,
 * fsyncs and releases the data-directory lock). Nothing committed is lost,
 * because every write is committed (and, embedded, fsynced) before its reply.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { getKnowledgeBase } from '../kb/load.js';
import { DEFAULT_DATA_DIR, openStore } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import type { Store } from '../store/store.js';
import { buildApp } from './app.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';
import type { ServerOptions } from './options.js';

/** How to run the server. */
export interface StartOptions {
  host?: string;
  port?: number;
  /** Data folder: the embedded database (without `database`) and uploaded documents (always). Default `.qmsr`. */
  data?: string;
  /** PostgreSQL URL; default `DATABASE_URL`, else the embedded database. */
  database?: string;
  /** Use the embedded database in `data` even when `DATABASE_URL` is set (the example workspace). */
  embedded?: boolean;
  /** PEM certificate and key files: serve HTTPS. */
  tlsCert?: string;
  tlsKey?: string;
  /** Longest wait for requests in flight at shutdown (default 10 s). */
  drainMs?: number;
  /** Extra app options (tests, logging). */
  app?: Partial<ServerOptions>;
}

/** A running server. */
export interface RunningServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  /** Stop as described above; idempotent. */
  stop(): Promise<void>;
}

/** The built web app, if present. */
function webRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
}

/** Open the store, build the app and listen. */
export async function startServer(o: StartOptions = {}): Promise<RunningServer> {
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) throw new Error('Give both --tls-cert and --tls-key, or neither.');
  if (o.embedded && o.database) throw new Error('The embedded database and a PostgreSQL URL exclude each other.');
  const url = o.embedded ? undefined : (o.database ?? process.env.DATABASE_URL);
  const dataDir = resolve(o.data ?? DEFAULT_DATA_DIR);
  const https = o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : undefined;
  const store = url ? await openStore({ url }) : await openStore({ data: dataDir });
  let app: FastifyInstance;
  try {
    await migrate(store);
    app = await buildApp({
      store,
      kb: getKnowledgeBase(),
      options: { ...o.app, dataDir, tls: Boolean(https), webRoot: webRoot(), ...(https ? { https } : {}) },
    });
    await app.listen({ host: o.host ?? DEFAULT_HOST, port: o.port ?? DEFAULT_PORT });
  } catch (err) {
    await store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? DEFAULT_PORT);
  const host = o.host ?? DEFAULT_HOST;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;
  return {
    url: `${https ? 'https' : 'http'}://${shownHost}:${port}`,
    app,
    store,
    stop() {
      stopping ??= (async () => {
        const timer = setTimeout(() => app.server.closeAllConnections(), o.drainMs ?? 10_000);
        try {
          await app.close();
        } finally {
          clearTimeout(timer);
          await store.close();
        }
      })();
      return stopping;
    },
  };
}

/**
 * Stop `server` on SIGINT or SIGTERM; resolves once it has stopped. A second
 * signal while stopping ends the process at once (exit code 2).
 */
export function stopOnSignals(server: RunningServer, onStopping?: (signal: NodeJS.Signals) => void): Promise<void> {
  return new Promise((resolveStopped, reject) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals): void => {
      if (stopping) process.exit(2);
      stopping = true;
      onStopping?.(signal);
      server.stop().then(
        () => {
          process.off('SIGINT', handler);
          process.off('SIGTERM', handler);
          resolveStopped();
        },
        (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
      );
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
