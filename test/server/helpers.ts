/**
 * Test support for the workspace API: an app on a fresh, migrated database
 * of either back-end (test/store/backends.ts), and a small client that keeps
 * a session cookie and sends the CSRF token, the way the web app does.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { auditedTransaction } from '../../src/assessment/audit.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { buildApp } from '../../src/server/app.js';
import type { BuildAppInput } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { createUser } from '../../src/server/auth/users.js';
import type { ServerOptions } from '../../src/server/options.js';
import { migrate, openStore } from '../../src/store/index.js';
import type { Store, UserRole } from '../../src/store/index.js';
import { embeddedIn, type Backend, type Fresh } from '../store/backends.js';

export { BACKENDS } from '../store/backends.js';
export type { Backend } from '../store/backends.js';

/** A long-enough password for tests. */
export const PASSWORD = 'correct horse battery staple';

/** A signed-in (or anonymous) caller of one app. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  user: { id: string; username: string; fullName: string; role: UserRole; mustChangePassword: boolean } | undefined;

  constructor(
    readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  /** Send a request with the session cookie and (for writes) the CSRF token. */
  async request(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && method !== 'HEAD' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    return this.app.inject({ method, url, headers: h, remoteAddress: this.ip, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.request('POST', url, payload ?? {});
  }
  patch(url: string, payload: unknown): Promise<LightMyRequestResponse> {
    return this.request('PATCH', url, payload);
  }
  delete(url: string): Promise<LightMyRequestResponse> {
    return this.request('DELETE', url);
  }

  /** Take the session from a sign-in or setup answer. */
  adopt(res: LightMyRequestResponse): this {
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first) this.cookie = first.split(';')[0];
    const body = res.json() as { csrfToken: string; user: Client['user'] };
    this.csrf = body.csrfToken;
    this.user = body.user;
    return this;
  }

  /** Sign in; throws unless it worked. */
  async login(username: string, password = PASSWORD): Promise<this> {
    const res = await this.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: this.ip });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return this.adopt(res);
  }
}

/** An app on a fresh database, with its data folder. */
export interface TestApp {
  app: FastifyInstance;
  store: Store;
  fresh: Fresh;
  dataDir: string;
  /** The first administrator, signed in. */
  admin: Client;
  /** A new client of this app. */
  client(ip?: string): Client;
  /** Create a user with `role` and password PASSWORD, and sign them in. */
  userWithRole(role: UserRole, username?: string): Promise<Client>;
  /** Another app on the same database (PostgreSQL: like a second server instance). */
  another(options?: Partial<BuildAppInput['options']>): Promise<FastifyInstance>;
  close(): Promise<void>;
}

let counter = 0;
let passwordHash: Promise<string> | undefined;

const root = join(import.meta.dirname, '..', '..');

/**
 * A migrated, empty embedded database to copy: creating one (initdb) takes
 * seconds, copying one a fraction of that. Kept in the temporary folder under
 * a name derived from the migrations and the PGlite version, so it is made
 * once and is never used after either changes.
 */
async function embeddedTemplate(): Promise<string> {
  const migrations = join(root, 'src', 'store', 'migrations');
  const key = createHash('sha256');
  for (const f of readdirSync(migrations).sort()) key.update(f).update(readFileSync(join(migrations, f)));
  key.update(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  const dir = join(tmpdir(), `qmsr-test-template-${key.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'db', 'PG_VERSION'))) return dir;
  const building = mkdtempSync(join(tmpdir(), 'qmsr-test-template-build-'));
  const store = await openStore({ data: building });
  await migrate(store);
  await store.close();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another test process made it first
  }
  return dir;
}

/** Make `dataDir` hold a new, migrated, empty embedded database (a copy of the template). */
export async function newEmbeddedData(dataDir: string): Promise<void> {
  cpSync(join(await embeddedTemplate(), 'db'), join(dataDir, 'db'), { recursive: true });
}

/** A fresh database: a copy of the embedded template, or a new PostgreSQL database. */
async function freshDatabase(backend: Backend): Promise<Fresh> {
  if (backend.name !== 'embedded') return backend.fresh();
  const dir = mkdtempSync(join(tmpdir(), 'qmsr-server-db-'));
  await newEmbeddedData(dir);
  return embeddedIn(dir);
}

/** Build an app on a fresh database of `backend`, set up with an administrator `admin`. */
export async function startTestApp(backend: Backend, options: Partial<ServerOptions> = {}): Promise<TestApp> {
  const fresh = await freshDatabase(backend);
  const store = fresh.store;
  await migrate(store);
  const dataDir = mkdtempSync(join(tmpdir(), 'qmsr-server-'));
  const kb = getKnowledgeBase();
  const make = (o: Partial<BuildAppInput['options']> = {}) => buildApp({ store, kb, options: { dataDir, ...options, ...o } });
  const app = await make();
  const others: FastifyInstance[] = [];
  const admin = new Client(app);
  const setup = await app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'admin', fullName: 'Ada Admin', password: PASSWORD } });
  if (setup.statusCode !== 201) throw new Error(`setup: ${setup.statusCode} ${setup.body}`);
  admin.adopt(setup);
  return {
    app,
    store,
    fresh,
    dataDir,
    admin,
    client: (ip) => new Client(app, ip),
    async userWithRole(role, username = `${role}${++counter}`) {
      // Straight into the database with one shared hash of PASSWORD (hashing is slow on purpose);
      // creating users through the API, with the password change it forces, is tested in auth.test.ts.
      passwordHash ??= hashPassword(PASSWORD);
      const hash = await passwordHash;
      const fullName = `${role[0]!.toUpperCase()}${role.slice(1)} ${username}`;
      await auditedTransaction(store, (trx) => createUser(trx, { username, fullName, role, passwordHash: hash, mustChangePassword: false }, 'admin'));
      return new Client(app).login(username);
    },
    async another(o = {}) {
      const other = await make(o);
      others.push(other);
      return other;
    },
    async close() {
      for (const o of others) await o.close();
      await app.close();
      await fresh.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An example organisation profile shipped with qmsr. */
export function exampleProfile(name = 'iso-certified-class2.json'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'profiles', name), 'utf8')) as Record<string, unknown>;
}

/** Create an assessment through the API and return its id and first applicable item. */
export async function createAssessment(c: Client, name = 'Gap assessment'): Promise<{ id: string; itemId: string; itemVersion: number }> {
  const res = await c.post('/api/assessments', { name, profile: exampleProfile() });
  if (res.statusCode !== 201) throw new Error(`create assessment: ${res.statusCode} ${res.body}`);
  const id = (res.json() as { id: string }).id;
  const items = (await c.get(`/api/assessments/${id}/items?applicable=true`)).json() as { items: { itemId: string; version: number }[] };
  const first = items.items[0]!;
  return { id, itemId: first.itemId, itemVersion: first.version };
}
