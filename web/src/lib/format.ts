/**
 * How dates, statuses and numbers read on screen. Times are shown in the
 * user's local zone with the zone named, and the full ISO time in a tooltip,
 * because audit records must say exactly when.
 */
import type { ItemStatus } from '../types.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** "25 Nov 2026, 14:03" for an ISO timestamp; '—' for none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "25 Nov 2026, 14:03:27", for records where the order of events matters. */
export function formatDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeSeconds.format(d);
}

/** "25 Nov 2026" for a calendar date 'YYYY-MM-DD' (no time zone shift). */
export function formatDate(ymd: string | null | undefined): string {
  if (!ymd) return '—';
  const d = new Date(`${ymd.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? ymd : dateOnly.format(d);
}

/** Words for each item status, as a QA manager would say them. */
export const STATUS_LABELS: Record<ItemStatus, string> = {
  'not-assessed': 'Not assessed',
  compliant: 'Compliant',
  partial: 'Partial',
  gap: 'Gap',
  'not-applicable': 'Not applicable',
};

/** A status word for any value the server sends. */
export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? capitalise(status.replace(/-/g, ' '));
}

/** "in-progress" → "In progress". */
export function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** "3 items", "1 item". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Percent with no decimals, 0 when the whole is 0. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
