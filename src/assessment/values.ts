/**
 * Checking and normalising what people type into an assessment: statuses,
 * priorities, calendar dates and free text.
 */
import { ACTION_STATUSES, ITEM_STATUSES, PRIORITIES } from '../store/index.js';
import type { ActionStatus, ItemStatus, Priority } from '../store/index.js';
import { ValidationError } from './errors.js';

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A due date, or null to clear it. */
export function dueDate(value: string | null | undefined, field = 'dueDate'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.trim();
  if (!isCalendarDate(v)) throw new ValidationError(`${field} must be a calendar date written YYYY-MM-DD, such as 2026-12-31; "${value}" is not one.`, field);
  return v;
}

/** Free text, trimmed; empty becomes null. */
export function optionalText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  return v === '' ? null : v;
}

/** Text that must not be empty. */
export function requiredText(value: string | null | undefined, field: string, what: string): string {
  const v = optionalText(value);
  if (v === null) throw new ValidationError(`${what} is required.`, field);
  return v;
}

/** An item status. */
export function itemStatus(value: string): ItemStatus {
  if ((ITEM_STATUSES as readonly string[]).includes(value)) return value as ItemStatus;
  throw new ValidationError(`status must be one of ${ITEM_STATUSES.join(', ')}; not "${value}".`, 'status');
}

/** A priority. */
export function priority(value: string): Priority {
  if ((PRIORITIES as readonly string[]).includes(value)) return value as Priority;
  throw new ValidationError(`priority must be one of ${PRIORITIES.join(', ')}; not "${value}".`, 'priority');
}

/** An action status. */
export function actionStatus(value: string): ActionStatus {
  if ((ACTION_STATUSES as readonly string[]).includes(value)) return value as ActionStatus;
  throw new ValidationError(`action status must be one of ${ACTION_STATUSES.join(', ')}; not "${value}".`, 'status');
}

/** A lower-case SHA-256 hex digest. */
export function sha256Hex(value: string, field = 'documentSha256'): string {
  const v = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v)) throw new ValidationError(`${field} must be a SHA-256 digest (64 hexadecimal characters).`, field);
  return v;
}

/** A value as the text recorded in the audit trail. */
export function auditText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
