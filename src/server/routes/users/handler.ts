/**
 * User administration (administrators) and a user's own password change.
 * Every change is audited with who made it and why, in the transaction that
 * makes it. Deactivating a user or resetting their password ends their
 * sessions at once.
 */
import type { FastifyInstance } from 'fastify';
import { auditedTransaction } from '../../../assessment/audit.js';
import { actorOf, recordEvent } from '../../audit-events.js';
import type { FieldChange } from '../../audit-events.js';
import { checkPassword } from '../../auth/password-check.js';
import { revokeUserSessions } from '../../auth/sessions.js';
import { createUser, getUser, listUsers, preparePassword, setPassword, updateUser, usernameSchema } from '../../auth/users.js';
import type { UserView } from '../../auth/users.js';
import type { ServerDeps } from '../../deps.js';
import { badRequest, unauthorized } from '../../errors.js';
import { changePasswordBody, createUserBody, resetPasswordBody, schemas, updateUserBody, userParams } from './schema.js';

/** Register the users routes. */
export function usersRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/users', { schema: schemas.list }, async () => ({ users: await listUsers(store.db) }));

  app.post('/api/users', { schema: schemas.create }, async (request, reply) => {
    const me = request.session!.user;
    const body = createUserBody.parse(request.body);
    const username = usernameSchema.parse(body.username);
    const passwordHash = await preparePassword(body.password, username);
    const user = await auditedTransaction(store, async (trx) => {
      const created = await createUser(trx, { username, fullName: body.fullName, role: body.role, passwordHash, mustChangePassword: true }, me.username);
      await recordEvent(trx, {
        actor: actorOf(me),
        action: 'user.create',
        entity: 'user',
        entityId: created.id,
        reason: body.reason ?? `Account ${username} created`,
        changes: [
          { field: 'username', oldValue: null, newValue: created.username },
          { field: 'fullName', oldValue: null, newValue: created.fullName },
          { field: 'role', oldValue: null, newValue: created.role },
        ],
      });
      return created;
    });
    return reply.code(201).send(user);
  });

  app.patch('/api/users/:id', { schema: schemas.update }, async (request) => {
    const me = request.session!.user;
    const { id } = userParams.parse(request.params);
    const body = updateUserBody.parse(request.body);
    if (body.role === undefined && body.fullName === undefined && body.active === undefined) throw badRequest('Nothing to change: give role, fullName or active.');
    return auditedTransaction(store, async (trx) => {
      const changes = {
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.fullName !== undefined ? { fullName: body.fullName } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      };
      const { before, after } = await updateUser(trx, id, changes, body.version, me.username);
      if (!after.active) await revokeUserSessions(trx, id);
      await recordEvent(trx, { actor: actorOf(me), action: 'user.update', entity: 'user', entityId: id, reason: body.reason, changes: diff(before, after) });
      return after;
    });
  });

  app.post('/api/users/:id/password', { schema: schemas.reset }, async (request) => {
    const me = request.session!.user;
    const { id } = userParams.parse(request.params);
    const body = resetPasswordBody.parse(request.body);
    const target = await getUser(store.db, id);
    const passwordHash = await preparePassword(body.password, target.username);
    return auditedTransaction(store, async (trx) => {
      const after = await setPassword(trx, id, passwordHash, true, me.username);
      await revokeUserSessions(trx, id);
      await recordEvent(trx, {
        actor: actorOf(me),
        action: 'user.password-reset',
        entity: 'user',
        entityId: id,
        reason: body.reason,
        changes: [{ field: 'password', oldValue: null, newValue: '(set by an administrator; must be changed at next sign-in)' }],
      });
      return after;
    });
  });

  app.post('/api/users/me/password', { schema: schemas.changeOwn }, async (request) => {
    const session = request.session;
    if (!session) throw unauthorized();
    const body = changePasswordBody.parse(request.body);
    const me = session.user;
    await checkPassword(deps, { username: me.username, password: body.currentPassword, ip: request.ip, kind: 'password-change', actor: actorOf(me) });
    if (body.newPassword === body.currentPassword) throw badRequest('The new password must differ from the current one.');
    const passwordHash = await preparePassword(body.newPassword, me.username);
    return auditedTransaction(store, async (trx) => {
      const after = await setPassword(trx, me.id, passwordHash, false, me.username);
      await revokeUserSessions(trx, me.id, session.id);
      await recordEvent(trx, { actor: actorOf(me), action: 'user.password-change', entity: 'user', entityId: me.id, reason: 'Changed own password' });
      return after;
    });
  });
}

function diff(before: UserView, after: UserView): FieldChange[] {
  const fields = ['role', 'fullName', 'active'] as const;
  return fields
    .filter((f) => before[f] !== after[f])
    .map((f) => ({ field: f, oldValue: String(before[f]), newValue: String(after[f]) }));
}
