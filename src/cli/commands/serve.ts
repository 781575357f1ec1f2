/**
 * `qmsr serve`: the team workspace's HTTP API on http://127.0.0.1:4820 (see
 * docs/api.md). The server owns the embedded database while it runs; stop it
 * with Ctrl+C (SIGINT) or SIGTERM, which finishes requests in flight and
 * closes the database cleanly. The server modules are loaded when the command runs.
 */
import type { Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../server/defaults.js';
import { EXIT, fail, say } from '../io.js';

interface Options {
  host: string;
  port: string;
  data?: string;
  database?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** Register `qmsr serve`. */
export function registerServe(program: Command, done: (code: number) => void): void {
  program
    .command('serve')
    .description('Run the team workspace (HTTP API with accounts, roles, audit trail and electronic signatures)')
    .option('--host <address>', 'address to listen on', DEFAULT_HOST)
    .option('-p, --port <n>', 'port to listen on', String(DEFAULT_PORT))
    .option('-d, --data <dir>', 'data folder: the embedded database and uploaded documents (default .qmsr)')
    .option('--database <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded database)')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .addHelpText(
      'after',
      '\nThe URL is printed on standard error. GET /api/health answers 200 once the server is ready.\n' +
        'Exit codes: 0 stopped cleanly by SIGINT/SIGTERM; 2 could not start (port in use, database locked or unreachable).',
    )
    .action(async (opts: Options) => done(await runServe(opts)));
}

async function runServe(opts: Options): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port takes a number from 0 to 65535, not "${opts.port}"`);
  const [{ startServer, stopOnSignals }, { countUsers }] = await Promise.all([import('../../server/serve.js'), import('../../server/auth/users.js')]);
  let server;
  try {
    server = await startServer({
      host: opts.host,
      port,
      ...(opts.data !== undefined ? { data: opts.data } : {}),
      ...(opts.database !== undefined ? { database: opts.database } : {}),
      ...(opts.tlsCert !== undefined ? { tlsCert: opts.tlsCert } : {}),
      ...(opts.tlsKey !== undefined ? { tlsKey: opts.tlsKey } : {}),
    });
  } catch (err) {
    return fail(`cannot start the workspace: ${err instanceof Error ? err.message : String(err)}`);
  }
  const stopped = stopOnSignals(server, (signal) => say(`qmsr: ${signal} received; finishing requests in flight and closing the database…`));
  const where = server.store.kind === 'embedded' ? `embedded database in ${server.store.location}` : `PostgreSQL ${server.store.location}`;
  say(`qmsr: workspace listening on ${server.url} (${where}). Stop with Ctrl+C.`);
  if ((await countUsers(server.store.db)) === 0) say(`qmsr: no accounts yet: open ${server.url} to create the first administrator (POST /api/setup).`);
  await stopped;
  say('qmsr: stopped.');
  return EXIT.ok;
}
