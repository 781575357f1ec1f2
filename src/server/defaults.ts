/** Where `qmsr serve` listens unless told otherwise (kept apart so the CLI can show them without loading the server). */

/** Default port of `qmsr serve`. */
export const DEFAULT_PORT = 4820;
/** Default address: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';
