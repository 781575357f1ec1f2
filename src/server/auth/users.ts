/**
 * Workspace accounts: create, list, change role or name, deactivate,
 * reactivate and set passwords. Used by the setup and users routes and by
 * `qmsr users`. Callers pass a transaction and write the audit event in it.
 *
 * Rules kept here, whoever calls:
 * - usernames are lower case, unique forever (users are never deleted);
 * - passwords follow passwords.ts and are stored only as argon2id hashes;
 * - there is always at least one active administrator;
 * - changes carry the row's `version` (optimistic concurrency, 409 when stale).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { ConflictError } from '../../store/concurrency.js';
import type { Schema, UserRole, UsersTable } from '../../store/schema.js';
import { newId, USER_ROLES } from '../../store/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { hashPassword, passwordProblems } from './passwords.js';

/** A user as the API shows it (never the hash). */
export interface UserView {
  id: string;
  username: string;
  fullName: string;
  role: UserRole;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  passwordChangedAt: string;
  version: number;
}

/** A username: 2–64 characters, lower case letters, digits and `._@-`, starting with a letter or digit. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'use 2–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit');

/** A person's full name, as printed with their signatures. */
export const fullNameSchema = z.string().trim().min(1, 'give the full name').max(200);

/** Serialises changes that must keep one active administrator ("qmsu" in ASCII). */
const USER_ADMIN_LOCK = 0x716d7375;

/** The API view of a row. */
export function toView(row: Selectable<UsersTable>): UserView {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    active: row.active,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
    passwordChangedAt: row.password_changed_at.toISOString(),
    version: row.version,
  };
}

/** How many accounts exist (active or not). */
export async function countUsers(db: Kysely<Schema>): Promise<number> {
  const row = await db.selectFrom('users').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every account, by username. */
export async function listUsers(db: Kysely<Schema>): Promise<UserView[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toView);
}

/** One account by id, or 404. */
export async function getUser(db: Kysely<Schema>, id: string): Promise<Selectable<UsersTable>> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`There is no user ${id}.`);
  return row;
}

/** One account by username (normalised), or undefined. */
export async function findByUsername(db: Kysely<Schema>, username: string): Promise<Selectable<UsersTable> | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Hash a new password after checking the rules (400 with every problem). Do this before opening the transaction. */
export async function preparePassword(password: string, username: string): Promise<string> {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) throw badRequest(problems.join(' '), { problems });
  return hashPassword(password);
}

/** What a new account needs. */
export interface NewUser {
  username: string;
  fullName: string;
  role: UserRole;
  /** From {@link preparePassword}. */
  passwordHash: string;
  /** True when someone else chose the password (admin-created accounts). */
  mustChangePassword: boolean;
}

/** Take the lock that keeps account changes that affect administrators in order. */
export async function lockUserAdmin(trx: Transaction<Schema>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(USER_ADMIN_LOCK)})`.execute(trx);
}

/** Create an account; 409 if the username is taken (also by a deactivated account). */
export async function createUser(trx: Transaction<Schema>, u: NewUser, by: string | null): Promise<UserView> {
  const username = usernameSchema.parse(u.username);
  if (await findByUsername(trx, username)) throw conflict(`The username "${username}" is taken (usernames are never reused).`);
  if (!(USER_ROLES as readonly string[]).includes(u.role)) throw badRequest(`Unknown role "${u.role}".`);
  const row = await trx
    .insertInto('users')
    .values({
      id: newId(),
      username,
      full_name: fullNameSchema.parse(u.fullName),
      role: u.role,
      password_hash: u.passwordHash,
      must_change_password: u.mustChangePassword,
      created_by: by,
      updated_by: by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(row);
}

/** Changes an administrator may make to an account. */
export interface UserChanges {
  role?: UserRole;
  fullName?: string;
  active?: boolean;
}

/**
 * Change role, name or active flag if the row is still at `expectedVersion`.
 * Refuses to leave the workspace without an active administrator.
 * Returns the row before and after.
 */
export async function updateUser(
  trx: Transaction<Schema>,
  id: string,
  changes: UserChanges,
  expectedVersion: number,
  by: string,
): Promise<{ before: UserView; after: UserView }> {
  await lockUserAdmin(trx);
  const before = await getUser(trx, id);
  if (before.version !== expectedVersion) {
    throw new ConflictError(`User ${before.username}`, before.updated_by, before.updated_at, expectedVersion, before.version);
  }
  const role = changes.role ?? before.role;
  const active = changes.active ?? before.active;
  if (before.role === 'admin' && before.active && (role !== 'admin' || !active)) await keepOneAdmin(trx, id);
  const after = await trx
    .updateTable('users')
    .set({
      role,
      active,
      full_name: changes.fullName === undefined ? before.full_name : fullNameSchema.parse(changes.fullName),
      version: before.version + 1,
      updated_at: sql`now()`,
      updated_by: by,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before: toView(before), after: toView(after) };
}

async function keepOneAdmin(trx: Transaction<Schema>, leaving: string): Promise<void> {
  const others = await trx
    .selectFrom('users')
    .select(sql<string>`count(*)`.as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .where('id', '<>', leaving)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw conflict('This is the only active administrator; make another user an administrator first.');
}

/** Store a new password hash (from {@link preparePassword}); `mustChange` when someone else chose it. */
export async function setPassword(trx: Transaction<Schema>, id: string, passwordHash: string, mustChange: boolean, by: string): Promise<UserView> {
  const row = await trx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: mustChange,
      password_changed_at: sql`now()`,
      version: sql`version + 1`,
      updated_at: sql`now()`,
      updated_by: by,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound(`There is no user ${id}.`);
  return toView(row);
}
