/** Dates from the knowledge base (ISO "YYYY-MM-DD", UTC) written for people. */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parse(iso: string): Date {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: "${iso}"`);
  return d;
}

/** "2026-02-02" → "2 February 2026". Plain arithmetic, no Intl: scan messages call it for every outdated citation. */
export function longDate(iso: string): string {
  const d = parse(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!} ${d.getUTCFullYear()}`;
}

/** "2026-02-02" → "2 Feb 2026". */
export function shortDate(iso: string): string {
  const d = parse(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)} ${d.getUTCFullYear()}`;
}

/** The calendar day before: "2026-02-02" → "2026-02-01" (the last day the QSR was in force). */
export function dayBefore(iso: string): string {
  const d = parse(iso);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
