/**
 * Audit events the server itself causes (accounts, sessions, signatures,
 * uploaded documents and registered folders),
 * written with the assessment's audit module (src/assessment/audit.ts) so
 * they join the one hash chain that records every change to assessment data.
 *
 * Call inside a transaction opened with `auditedTransaction` (which takes the
 * chain lock first), in the same transaction as the change, so the change and
 * its record commit together or not at all.
 */
import type { Transaction } from 'kysely';
import { appendAudit } from '../assessment/audit.js';
import type { Actor, AuditInput } from '../assessment/audit.js';
import type { Schema } from '../store/schema.js';
import type { SignedInUser } from './auth/sessions.js';

/** What the server records. */
export type ServerAction =
  | 'setup.admin-created'
  | 'session.login'
  | 'session.login-failed'
  | 'session.logout'
  | 'user.create'
  | 'user.update'
  | 'user.password-reset'
  | 'user.password-change'
  | 'user.password-change-failed'
  | 'signature.sign'
  | 'signature.failed'
  | 'document.upload'
  | 'document.folder-register';

/** One field of a change: becomes its own audit event (field, old value, new value). */
export interface FieldChange {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** One server event. */
export interface ServerEvent {
  actor: Actor;
  action: ServerAction;
  entity: 'user' | 'session' | 'signature' | 'document';
  entityId: string;
  /** The assessment concerned, if any (signatures). */
  assessmentId?: string | null;
  /** Why, in words a reviewer understands. */
  reason: string;
  /** Field-level detail; without it one event is written. */
  changes?: FieldChange[];
}

/** The audit actor for a signed-in user: their id, and their full name with the username. */
export function actorOf(user: Pick<SignedInUser, 'id' | 'username' | 'fullName'>): Actor {
  return { id: user.id, name: `${user.fullName} (${user.username})` };
}

/** The actor of a password check that failed before anyone was identified. */
export function anonymousActor(typedUsername: string): Actor {
  return { id: 'anonymous', name: `not signed in (username typed: ${typedUsername || '(empty)'})` };
}

/** Append `event` to the audit trail within `trx`. */
export async function recordEvent(trx: Transaction<Schema>, event: ServerEvent): Promise<void> {
  const base: AuditInput = {
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    assessmentId: event.assessmentId ?? null,
    reason: event.reason,
  };
  const rows = event.changes?.length ? event.changes.map((c) => ({ ...base, ...c })) : [base];
  await appendAudit(trx, event.actor, rows);
}
