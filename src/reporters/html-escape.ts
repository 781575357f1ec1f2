/**
 * Escaping for the HTML report. Every piece of text that comes from a scanned
 * document or a path goes through `html()` before it reaches the page.
 */
import { printable } from './terminal.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Untrusted text as safe HTML: control characters and bidirectional overrides
 * made visible (as in the terminal report), line breaks shown as ⏎, then escaped.
 */
export function html(text: string): string {
  return escapeHtml(printable(text, ' ⏎ '));
}
