/**
 * First run: `GET /api/setup` tells the page whether to show the setup form;
 * `POST /api/setup` creates the first administrator and signs them in. Once
 * any user exists, setup answers 409 and accounts are made by administrators.
 * Two setups at once are serialised by a lock, so only one can win.
 */
import type { FastifyInstance } from 'fastify';
import { auditedTransaction } from '../../../assessment/audit.js';
import { actorOf, recordEvent } from '../../audit-events.js';
import { startSession } from '../../auth/sign-in.js';
import { countUsers, createUser, findByUsername, lockUserAdmin, preparePassword, usernameSchema } from '../../auth/users.js';
import type { ServerDeps } from '../../deps.js';
import { conflict } from '../../errors.js';
import { getSetupSchema, postSetupSchema, setupBody } from './schema.js';

/** Register the setup routes. */
export function setupRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/setup', { schema: getSetupSchema }, async () => ({ needsSetup: (await countUsers(store.db)) === 0 }));

  app.post('/api/setup', { schema: postSetupSchema }, async (request, reply) => {
    const body = setupBody.parse(request.body);
    const username = usernameSchema.parse(body.username);
    if ((await countUsers(store.db)) > 0) throw alreadySetUp();
    const passwordHash = await preparePassword(body.password, username);
    const session = await auditedTransaction(store, async (trx) => {
      await lockUserAdmin(trx);
      if ((await countUsers(trx)) > 0) throw alreadySetUp();
      const user = await createUser(trx, { username, fullName: body.fullName, role: 'admin', passwordHash, mustChangePassword: false }, null);
      await recordEvent(trx, {
        actor: actorOf(user),
        action: 'setup.admin-created',
        entity: 'user',
        entityId: user.id,
        reason: `First administrator created at setup from ${request.ip}`,
        changes: [
          { field: 'username', oldValue: null, newValue: user.username },
          { field: 'fullName', oldValue: null, newValue: user.fullName },
          { field: 'role', oldValue: null, newValue: user.role },
        ],
      });
      const row = await findByUsername(trx, username);
      return startSession(deps, trx, request, reply, row!);
    });
    return reply.code(201).send(session);
  });
}

function alreadySetUp() {
  return conflict('The workspace is already set up; ask an administrator for an account.');
}
