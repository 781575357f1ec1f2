/** Compare strings by UTF-16 code units: the same answer in every locale, so output order is stable. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
