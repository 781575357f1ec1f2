import { stringify } from 'csv-stringify/sync';

/** RFC 4180 CSV with a header row; arrays inside cells are joined with "; ". */
export function toCsv(header: string[], rows: (string | number | boolean | string[] | undefined)[][]): string {
  return stringify([header, ...rows.map((r) => r.map((c) => (Array.isArray(c) ? c.join('; ') : c ?? '')))], {
    record_delimiter: '\r\n',
    // csv-stringify does not quote a lone CR or LF when the record delimiter is CRLF.
    quoted_match: /[\r\n]/,
  });
}
