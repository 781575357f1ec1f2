/**
 * The one error type readers throw for a file that cannot be read. The code is
 * stable (tests, JSON output and the scanner branch on it); the message is for
 * a QA manager and says what is wrong with the file, not where in the code.
 * The caller adds the file name.
 */

/** Why a file could not be read. */
export type ReadErrorCode =
  | 'unsupported-type'
  | 'empty-file'
  | 'damaged-file'
  | 'encrypted'
  | 'no-text-layer'
  | 'too-large'
  | 'zip-bomb'
  | 'unsafe-xml'
  | 'unreadable';

/** A file that cannot be read, with a stable code and a message a person understands. */
export class ReadError extends Error {
  override readonly name = 'ReadError';
  readonly code: ReadErrorCode;

  constructor(code: ReadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Whether a value is a ReadError (also across module copies). */
export function isReadError(value: unknown): value is ReadError {
  return value instanceof ReadError || (value instanceof Error && value.name === 'ReadError' && 'code' in value);
}

/** Bytes as a short human figure: "512 bytes", "3.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
