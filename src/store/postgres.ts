/**
 * The team back-end: a PostgreSQL server (15 or newer) through `pg.Pool`.
 * Sessions use UTC and `date` columns are read as 'YYYY-MM-DD' strings, the
 * same as the embedded back-end, so code sees identical rows on both.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Schema } from './schema.js';
import { makeStore, transactionGuard } from './store.js';
import type { Store } from './store.js';

const DATE_OID = 1082;
const MIN_SERVER_VERSION = 150000;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The URL with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

/** A one-line description of a connection error (AggregateError from a multi-address connect has an empty message). */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return err.errors.map(describeError).join('; ');
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}

/** End the pool and wait until every connection is really closed (pg-pool's end() resolves before the sockets are). */
async function endPool(pool: pg.Pool): Promise<void> {
  let left = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (left === 0) resolve();
    pool.on('remove', () => {
      if (--left <= 0) resolve();
    });
  });
  await pool.end();
  await closed;
}

/** Connect to a PostgreSQL server. Fails early with a clear message if it is unreachable or older than 15. */
export async function openPostgres(url: string): Promise<Store> {
  const location = redactUrl(url);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`Not a PostgreSQL URL: ${location} (expected postgres://user@host:port/database).`);
  const pool = new pg.Pool({ connectionString: url, types, options: '-c TimeZone=UTC', application_name: 'qmsr', max: 10 });
  pool.on('error', (err) => {
    process.stderr.write(`qmsr: idle connection to ${location} failed: ${err.message}\n`);
  });
  try {
    const { rows } = await pool.query<{ server_version_num: string }>('show server_version_num');
    const version = Number(rows[0]?.server_version_num);
    if (!(version >= MIN_SERVER_VERSION)) {
      throw new Error(`The PostgreSQL server at ${location} is version ${version}; qmsr needs PostgreSQL 15 or newer.`);
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof Error && err.message.startsWith('The PostgreSQL server')) throw err;
    throw new Error(`Cannot use the PostgreSQL database at ${location}: ${describeError(err)}`, { cause: err });
  }
  const guard = transactionGuard();
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => {
          guard.beforeAcquire();
          return pool.connect();
        },
        end: () => endPool(pool),
      },
    }),
  });
  return makeStore({ db, kind: 'postgres', location, owner: guard.owner, shutdown: async () => undefined });
}
