/**
 * `qmsr serve`: the team workspace's HTTP API on http://127.0.0.1:4820 (see
 * docs/api.md). The server owns the embedded database while it runs; stop it
 * with Ctrl+C (SIGINT) or SIGTERM, which finishes requests in flight and
 * closes the database cleanly. The server modules are loaded when the command runs.
 *
 * `--example` (not in the help: it needs the `examples/` folder of a checkout;
 * `npm run demo` uses it) first makes a new `--data` folder the example
 * workspace (src/server/example-workspace.ts); a folder that holds anything
 * is served as it is.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../server/defaults.js';
import { EXIT, fail, say } from '../io.js';
import { cliActor } from './assessment.js';

interface Options {
  host: string;
  port: string;
  data?: string;
  database?: string;
  tlsCert?: string;
  tlsKey?: string;
  example?: boolean;
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
    .addOption(new Option('--example', 'a new --data folder becomes the example workspace first (npm run demo)').hideHelp())
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
  if (opts.example && (opts.data === undefined || opts.database !== undefined)) {
    return fail('--example needs --data DIR (a folder for the example workspace, in the embedded database) and no --database');
  }
  const [{ startServer, stopOnSignals }, { countUsers }] = await Promise.all([import('../../server/serve.js'), import('../../server/auth/users.js')]);
  // Before seeding (seconds of work), so a taken port is said at once.
  if (opts.example && port !== 0 && (await portInUse(opts.host, port))) return portTaken(port, opts.host);
  const example = opts.example ? await prepareExample(opts.data!) : undefined;
  if (example === false) return EXIT.usage;
  let server;
  try {
    server = await startServer({
      host: opts.host,
      port,
      ...(opts.data !== undefined ? { data: opts.data } : {}),
      ...(opts.database !== undefined ? { database: opts.database } : {}),
      ...(opts.tlsCert !== undefined ? { tlsCert: opts.tlsCert } : {}),
      ...(opts.tlsKey !== undefined ? { tlsKey: opts.tlsKey } : {}),
      ...(opts.example ? { embedded: true } : {}),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return portTaken(port, opts.host);
    return fail(`cannot start the workspace: ${err instanceof Error ? err.message : String(err)}`);
  }
  const stopped = stopOnSignals(server, (signal) => say(`qmsr: ${signal} received; finishing requests in flight and closing the database…`));
  const where = server.store.kind === 'embedded' ? `embedded database in ${server.store.location}` : `PostgreSQL ${server.store.location}`;
  say(`qmsr: workspace listening on ${server.url} (${where}). Stop with Ctrl+C.`);
  const firstVisit = (await countUsers(server.store.db)) === 0;
  if (example !== undefined) {
    say(
      [
        '',
        `  Open ${server.url} in a browser.`,
        firstVisit
          ? '  The first visit creates the administrator account (first-run setup): choose a username and a password.'
          : '  Sign in with the account you created there earlier.',
        `  The assessment "${example.name}" is on the Assessments page; its Documents page has the example SOPs, scanned, with findings and redlines.`,
        `  Your work stays in ${opts.data} between runs; to start again from the example, stop the server and delete that folder.`,
        '  Stop with Ctrl+C.',
        '',
      ].join('\n'),
    );
  } else if (firstVisit) {
    say(`qmsr: no accounts yet: open ${server.url} to create the first administrator (POST /api/setup).`);
  }
  await stopped;
  say('qmsr: stopped.');
  return EXIT.ok;
}

function portTaken(port: number, host: string): number {
  return fail(`cannot start the workspace: port ${port} on ${host} is already in use (another qmsr serve?). Stop that program, or choose another port with --port N.`);
}

/** Whether something already listens on `host:port` (trying to listen there, then letting go at once). */
async function portInUse(host: string, port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** Make a new data folder the example workspace; false (after a message) when it cannot be done. */
async function prepareExample(data: string): Promise<{ name: string } | false> {
  const { prepareExampleWorkspace, examplesRoot, EXAMPLE_ASSESSMENT_NAME } = await import('../../server/example-workspace.js');
  const { existsSync } = await import('node:fs');
  if (!existsSync(examplesRoot())) {
    fail(`--example needs the examples/ folder of a qmsr checkout; there is none at ${examplesRoot()}`);
    return false;
  }
  say(`qmsr: preparing the example workspace in ${data} …`);
  try {
    const r = await prepareExampleWorkspace(data, { actor: cliActor() });
    if (r.seeded) {
      const s = r.seed;
      say(
        `qmsr: created "${s.name}" (Northwind Medical): ${s.documents} example SOPs added to its documents and scanned (${s.findings} findings), ` +
          `${s.proposed} pieces of evidence proposed, ${s.assessed} items assessed.`,
      );
    } else {
      say(`qmsr: ${data} already holds a workspace: serving it as it is, with every change made in it. To start again from the example, delete ${data}.`);
    }
  } catch (err) {
    fail(`cannot prepare the example workspace in ${data}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  return { name: EXAMPLE_ASSESSMENT_NAME };
}
