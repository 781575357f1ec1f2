/**
 * `qmsr users`: manage workspace accounts from the command line, for the
 * first administrator on a headless server and for recovery (an administrator
 * who is locked out or forgot their password). Same rules and the same audit
 * trail as the API; the actor recorded is the operating-system account.
 * With the embedded database, stop `qmsr serve` first (it owns the database).
 *
 * Passwords are read from standard input (first line), never from arguments,
 * which other users of the machine can see in the process list.
 */
import type { Command } from 'commander';
import type { Actor } from '../../assessment/audit.js';
import type { Store } from '../../store/store.js';
import type { UserRole } from '../../store/schema.js';
import { EXIT, emit, fail, say, toJson } from '../io.js';
import { cliActor, storeOptions, withStore } from './assessment.js';
import type { StoreOptions } from './assessment.js';

const ROLES = ['admin', 'assessor', 'reviewer', 'viewer'] as const;

interface ChangeOpts extends StoreOptions {
  reason?: string;
}

/** Register `qmsr users …`. */
export function registerUsers(program: Command, done: (code: number) => void): void {
  const users = program
    .command('users')
    .description('Manage workspace accounts (list, add, set-role, deactivate, activate, reset-password)')
    .addHelpText('after', '\nPasswords are read from standard input (first line). Exit codes: 0 done; 2 refused (see the message).');

  storeOptions(users.command('list').description('List accounts'), false)
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (opts: StoreOptions & { format: string }) => done(await run(opts, (ctx) => list(ctx, opts.format))));

  storeOptions(
    users
      .command('add')
      .description('Create an account (the password, from standard input, must be changed at first sign-in unless --no-must-change)')
      .argument('<username>')
      .requiredOption('--name <full name>', 'full name, printed with electronic signatures')
      .requiredOption('--role <role>', ROLES.join(', '))
      .option('--no-must-change', 'do not require a password change at first sign-in')
      .option('--reason <text>', 'why (audit trail)'),
  ).action(async (username: string, opts: ChangeOpts & { name: string; role: string; mustChange: boolean }) =>
    done(await run(opts, (ctx) => add(ctx, username, opts))),
  );

  storeOptions(
    users.command('set-role').description("Change an account's role").argument('<username>').argument('<role>', ROLES.join(', ')).requiredOption('--reason <text>', 'why (audit trail)'),
  ).action(async (username: string, role: string, opts: ChangeOpts) => done(await run(opts, (ctx) => change(ctx, username, { role: role as UserRole }, opts))));

  storeOptions(users.command('deactivate').description('Deactivate an account (its sessions end)').argument('<username>').requiredOption('--reason <text>', 'why (audit trail)')).action(
    async (username: string, opts: ChangeOpts) => done(await run(opts, (ctx) => change(ctx, username, { active: false }, opts))),
  );

  storeOptions(users.command('activate').description('Reactivate an account').argument('<username>').requiredOption('--reason <text>', 'why (audit trail)')).action(
    async (username: string, opts: ChangeOpts) => done(await run(opts, (ctx) => change(ctx, username, { active: true }, opts))),
  );

  storeOptions(
    users
      .command('reset-password')
      .description('Set a new password (from standard input); it must be changed at next sign-in, and the lockout is lifted')
      .argument('<username>')
      .requiredOption('--reason <text>', 'why (audit trail)'),
  ).action(async (username: string, opts: ChangeOpts) => done(await run(opts, (ctx) => resetPassword(ctx, username, opts))));
}

type Ctx = { store: Store; actor: Actor };

/** The account, session and audit functions, loaded when a command runs. */
async function accountModules() {
  const [users, audit, events, sessions] = await Promise.all([
    import('../../server/auth/users.js'),
    import('../../assessment/audit.js'),
    import('../../server/audit-events.js'),
    import('../../server/auth/sessions.js'),
  ]);
  return { ...users, auditedTransaction: audit.auditedTransaction, recordEvent: events.recordEvent, revokeUserSessions: sessions.revokeUserSessions };
}

/** Open the store and run `fn` as the operating-system user (or `--as`); refusals (HttpError, bad input) become messages. */
async function run(opts: StoreOptions, fn: (ctx: Ctx) => Promise<number>): Promise<number> {
  const [{ HttpError }, { ZodError }] = await Promise.all([import('../../server/errors.js'), import('zod')]);
  return withStore(opts, async (store) => {
    try {
      return await fn({ store, actor: cliActor(opts.as) });
    } catch (err) {
      if (err instanceof HttpError) return fail(err.message);
      if (err instanceof ZodError) return fail(err.issues.map((i) => i.message).join('; '));
      throw err;
    }
  });
}

async function list({ store }: Ctx, format: string): Promise<number> {
  const { listUsers } = await import('../../server/auth/users.js');
  const users = await listUsers(store.db);
  if (format === 'json') {
    emit(toJson({ users }));
    return EXIT.ok;
  }
  if (users.length === 0) say('No accounts yet. Create the first administrator with: qmsr users add NAME --name "Full Name" --role admin');
  for (const u of users) {
    emit(`${u.username.padEnd(20)} ${u.role.padEnd(9)} ${u.active ? 'active  ' : 'inactive'} ${u.fullName}${u.mustChangePassword ? '  (must change password)' : ''}`);
  }
  return EXIT.ok;
}

async function add(ctx: Ctx, username: string, opts: ChangeOpts & { name: string; role: string; mustChange: boolean }): Promise<number> {
  if (!(ROLES as readonly string[]).includes(opts.role)) return fail(`unknown role "${opts.role}"; use ${ROLES.join(', ')}`);
  const { createUser, preparePassword, usernameSchema, auditedTransaction, recordEvent } = await accountModules();
  const name = usernameSchema.parse(username);
  const password = await readPassword();
  if (!password) return fail('no password on standard input (give it as the first line)');
  const passwordHash = await preparePassword(password, name);
  const user = await auditedTransaction(ctx.store, async (trx) => {
    const created = await createUser(trx, { username: name, fullName: opts.name, role: opts.role as UserRole, passwordHash, mustChangePassword: opts.mustChange }, ctx.actor.name);
    await recordEvent(trx, {
      actor: ctx.actor,
      action: 'user.create',
      entity: 'user',
      entityId: created.id,
      reason: opts.reason ?? `Account ${name} created with qmsr users`,
      changes: [
        { field: 'username', oldValue: null, newValue: created.username },
        { field: 'fullName', oldValue: null, newValue: created.fullName },
        { field: 'role', oldValue: null, newValue: created.role },
      ],
    });
    return created;
  });
  say(`Created ${user.username} (${user.role}).`);
  return EXIT.ok;
}

async function change(ctx: Ctx, username: string, changes: { role?: UserRole; active?: boolean }, opts: ChangeOpts): Promise<number> {
  if (changes.role !== undefined && !(ROLES as readonly string[]).includes(changes.role)) return fail(`unknown role "${changes.role}"; use ${ROLES.join(', ')}`);
  const { findByUsername, updateUser, auditedTransaction, recordEvent, revokeUserSessions } = await accountModules();
  const found = await findByUsername(ctx.store.db, username.trim().toLowerCase());
  if (!found) return fail(`there is no account "${username}"`);
  await auditedTransaction(ctx.store, async (trx) => {
    const { before, after } = await updateUser(trx, found.id, changes, found.version, ctx.actor.name);
    if (!after.active) await revokeUserSessions(trx, found.id);
    const fields = (['role', 'active'] as const).filter((f) => before[f] !== after[f]);
    await recordEvent(trx, {
      actor: ctx.actor,
      action: 'user.update',
      entity: 'user',
      entityId: found.id,
      reason: opts.reason ?? 'Changed with qmsr users',
      changes: fields.map((f) => ({ field: f, oldValue: String(before[f]), newValue: String(after[f]) })),
    });
  });
  say(`Updated ${found.username}.`);
  return EXIT.ok;
}

async function resetPassword(ctx: Ctx, username: string, opts: ChangeOpts): Promise<number> {
  const { findByUsername, preparePassword, setPassword, auditedTransaction, recordEvent, revokeUserSessions } = await accountModules();
  const found = await findByUsername(ctx.store.db, username.trim().toLowerCase());
  if (!found) return fail(`there is no account "${username}"`);
  const password = await readPassword();
  if (!password) return fail('no password on standard input (give it as the first line)');
  const passwordHash = await preparePassword(password, found.username);
  await auditedTransaction(ctx.store, async (trx) => {
    await setPassword(trx, found.id, passwordHash, true, ctx.actor.name);
    await revokeUserSessions(trx, found.id);
    await recordEvent(trx, {
      actor: ctx.actor,
      action: 'user.password-reset',
      entity: 'user',
      entityId: found.id,
      reason: opts.reason ?? 'Password reset with qmsr users',
      changes: [{ field: 'password', oldValue: null, newValue: '(set with qmsr users; must be changed at next sign-in)' }],
    });
  });
  say(`New password set for ${found.username}; it must be changed at the next sign-in.`);
  return EXIT.ok;
}

/** The first line of standard input, or undefined (a prompt is shown when it is a terminal; the input is not echoed). */
async function readPassword(): Promise<string | undefined> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write('Password: ');
    stdin.setRawMode(true);
  }
  let text = '';
  try {
    for await (const chunk of stdin) {
      text += String(chunk);
      if (stdin.isTTY && text.includes('\u0003')) return undefined;
      if (/[\r\n]/.test(text)) break;
    }
  } finally {
    if (stdin.isTTY) {
      stdin.setRawMode(false);
      process.stderr.write('\n');
    }
    stdin.pause();
  }
  return text.split(/\r?\n|\r/)[0] || undefined;
}
