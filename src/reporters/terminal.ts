/**
 * Terminal output helpers: ANSI styles that switch off cleanly, and a guard
 * that makes document text safe to print. Text from a scanned file is untrusted:
 * an escape sequence in an SOP must not recolour, move or clear the terminal.
 */

/** ANSI SGR codes used by the text report; each style resets only what it set. */
const STYLES = {
  bold: ['1', '22'],
  dim: ['2', '22'],
  underline: ['4', '24'],
  red: ['31', '39'],
  yellow: ['33', '39'],
  green: ['32', '39'],
  cyan: ['36', '39'],
  gray: ['90', '39'],
} as const;

/** Name of a terminal style. */
export type Style = keyof typeof STYLES;

/** A painter: applies styles when colour is on, returns the text unchanged otherwise. */
export type Paint = (text: string, ...styles: Style[]) => string;

/** Makes a painter for the given colour setting. */
export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.reduceRight((acc, s) => `\u001b[${STYLES[s][0]}m${acc}\u001b[${STYLES[s][1]}m`, text);
}

/**
 * One printable line: line breaks become `sep`, other control characters become
 * their visible Unicode pictures (ESC → ␛), and bidirectional overrides, which
 * can make text read differently from what it is, become U+FFFD.
 */
export function printable(text: string, sep = ' '): string {
  let out = '';
  for (const ch of text.replace(/\r\n|\r|\n/g, sep)) {
    const code = ch.codePointAt(0)!;
    if (code === 0x09) out += ' ';
    else if (code < 0x20) out += String.fromCharCode(0x2400 + code);
    else if (code === 0x7f) out += '\u2421';
    else if ((code >= 0x80 && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) out += '\ufffd';
    else out += ch;
  }
  return out;
}
