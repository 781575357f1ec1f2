/**
 * Messages on a page. Errors are announced at once (role=alert); outcomes of
 * an action politely (role=status). Both keep the server's own words.
 */
import type { ReactNode } from 'react';
import { messageOf } from '../api.js';

/** An error to show, or nothing. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="alert alert-error" role="alert">
      {title && <strong>{title} </strong>}
      {messageOf(error)}
    </div>
  );
}

/** The outcome of an action ("Saved.", "3 files uploaded."). */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="alert alert-ok" role="status">
      {children}
    </div>
  );
}

/** A polite live region that stays in the page, so screen readers hear what changes in it. */
export function LiveStatus({ children }: { children: ReactNode }) {
  return (
    <div role="status" aria-live="polite" className="live-status">
      {children}
    </div>
  );
}

/** Shown while a page's data is on its way. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}
