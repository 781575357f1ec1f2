/**
 * Reader options and the safety limits that keep a hostile or broken file from
 * exhausting memory or time.
 */

/** Safety limits. Every reader enforces the ones that apply to its format. */
export interface ReadLimits {
  /** Largest file read at all, in bytes. Default 100 MB. */
  maxFileBytes: number;
  /** Largest total a zip package (.docx, .xlsx, .pptx, .odt) may unpack to, in bytes. Default 200 MB. */
  maxUnzippedBytes: number;
  /**
   * Largest unpacked-to-packed size ratio of one zip entry. Default 100 (100:1).
   * Checked for entries that unpack to 1 MB or more; small parts compress far
   * better than that without being dangerous.
   */
  maxZipRatio: number;
  /** Most pages read from a PDF. Default 2000. */
  maxPdfPages: number;
}

/** Options for `readDocument`. */
export interface ReadOptions {
  limits?: Partial<ReadLimits>;
  /** Aborts the read; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Where PDF text comes from: 'auto' (default) uses poppler's pdftotext when
   * installed and pdf.js otherwise; 'pdfjs' always uses pdf.js.
   */
  pdfText?: PdfTextSource;
  /**
   * The file's bytes, when the caller has already read them (the scanner
   * hashes each file first): the reader then does not open the file. The path
   * still decides the format and appears in nothing but the context.
   */
  data?: Uint8Array;
}

export type PdfTextSource = 'auto' | 'pdfjs';

/** The defaults behind `ReadLimits`. */
export const DEFAULT_LIMITS: Readonly<ReadLimits> = Object.freeze({
  maxFileBytes: 100 * 1024 * 1024,
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxZipRatio: 100,
  maxPdfPages: 2000,
});

/** Entries smaller than this are not held to `maxZipRatio`. */
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

/** What every reader receives besides the bytes. */
export interface ReadContext {
  /** Path as given by the caller. */
  path: string;
  limits: ReadLimits;
  signal?: AbortSignal;
  pdfText?: PdfTextSource;
}

/** Options filled in with defaults. */
export function resolveContext(path: string, options: ReadOptions = {}): ReadContext {
  const ctx: ReadContext = { path, limits: { ...DEFAULT_LIMITS, ...options.limits } };
  if (options.signal) ctx.signal = options.signal;
  if (options.pdfText) ctx.pdfText = options.pdfText;
  return ctx;
}

/** Throws the signal's reason when the read was aborted. Call between units of work. */
export function checkAborted(ctx: ReadContext): void {
  ctx.signal?.throwIfAborted();
}
