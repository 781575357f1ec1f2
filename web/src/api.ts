/**
 * The one way the browser talks to the qmsr server.
 *
 * - Every request goes to the same origin with the session cookie (HttpOnly,
 *   so scripts never see it).
 * - Every state-changing request carries the CSRF token the server handed out
 *   with the session, in `x-csrf-token`.
 * - A 401 on an ordinary request means the session ended: listeners (the
 *   session provider) send the user to the sign-in page.
 * - Any failure becomes an {@link ApiError} whose message is the server's own
 *   sentence, written for a person, so pages can show it as it is.
 */

/** The JSON body the server sends with every failed request. */
export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

/** A failed request: HTTP status (0 when the server was unreachable), the server's code and message. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: ErrorBody,
  ) {
    super(message);
  }

  /** True for 409: someone else changed the record since it was read. */
  get isConflict(): boolean {
    return this.status === 409;
  }
}

type QueryValue = string | number | boolean | null | undefined;

/** Options for one request. */
export interface RequestOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** false: a 401 is an answer (wrong password), not "signed out". Default true. */
  redirectOn401?: boolean;
}

let csrfToken: string | undefined;
const unauthorizedListeners = new Set<() => void>();

/** Remember the CSRF token from `GET/POST /api/session`; undefined after sign-out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Be told when the server answers 401 to an ordinary request. Returns the unsubscribe function. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** `/api/x` plus a query string built from the defined values. */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server could not be reached. Check that `qmsr serve` is running, then try again.', {
      error: 'network',
      message: 'unreachable',
    });
  }
  if (response.ok) return response;

  const error = await toError(response);
  if (response.status === 401 && options.redirectOn401 !== false) {
    for (const listener of unauthorizedListeners) listener();
  }
  throw error;
}

async function toError(response: Response): Promise<ApiError> {
  let body: ErrorBody = { error: `http-${response.status}`, message: '' };
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = { ...body, ...(parsed as Partial<ErrorBody>) } as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line.
  }
  const message = typeof body.message === 'string' && body.message ? body.message : fallbackMessage(response.status, response.statusText);
  return new ApiError(response.status, typeof body.error === 'string' ? body.error : `http-${response.status}`, message, body);
}

function fallbackMessage(status: number, statusText: string): string {
  if (status === 401) return 'Sign in first.';
  if (status === 403) return 'Your role does not allow this.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'Something went wrong on the server; the details are in its log.';
  return `The server answered ${status} ${statusText}.`.trim();
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GET a JSON resource. */
export async function get<T>(path: string, options?: RequestOptions): Promise<T> {
  return json<T>(await send('GET', path, undefined, options));
}

/** POST JSON (or a FormData for uploads). */
export async function post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
  return json<T>(await send('POST', path, body ?? {}, options));
}

/** PATCH JSON. */
export async function patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
  return json<T>(await send('PATCH', path, body, options));
}

/** DELETE. */
export async function del<T>(path: string, options?: RequestOptions): Promise<T> {
  return json<T>(await send('DELETE', path, undefined, options));
}

/** A file the server produced, saved by the browser. */
export interface Downloaded {
  filename: string;
  bytes: number;
}

/**
 * Fetch a file (report, redlined copy, audit export) and hand it to the
 * browser's download, so an error shows as a message on the page instead of
 * a raw JSON tab.
 */
export async function download(path: string, fallbackName: string, options?: RequestOptions): Promise<Downloaded> {
  const response = await send('GET', path, undefined, options);
  const blob = await response.blob();
  const filename = filenameFrom(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return { filename, bytes: blob.size };
}

/** The file name from a Content-Disposition header (RFC 6266, with the UTF-8 form preferred). */
export function filenameFrom(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  const name = plain?.[2] ?? plain?.[1];
  return name ? name.trim() : undefined;
}

/** A message for any thrown value, for showing on the page. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
