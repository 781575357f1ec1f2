/**
 * Settings of the workspace server, with the defaults used by `qmsr serve`.
 * Everything that matters for security has a conservative default; tests and
 * operators override single values.
 */
import { resolve } from 'node:path';

/** Session lifetime. */
export interface SessionSettings {
  /** Signed out after this long without a request. */
  idleMinutes: number;
  /** Signed out this long after signing in, whatever the activity. */
  absoluteHours: number;
}

/** Lockout after failed password checks (logins, signatures, password changes). */
export interface LockoutSettings {
  /** Failures in a row for one username before it is locked. */
  maxFailures: number;
  /** First lock, doubled for every further failure. */
  baseLockSeconds: number;
  /** Longest lock. */
  maxLockSeconds: number;
  /** Failures from one address within `ipWindowMinutes` before it is locked for that window. */
  ipMaxFailures: number;
  ipWindowMinutes: number;
}

/** Limits on uploaded documents. */
export interface UploadSettings {
  /** Largest file, bytes. */
  maxFileBytes: number;
  /** Files per request. */
  maxFiles: number;
}

/** What `buildApp` accepts (all optional except `dataDir`). */
export interface ServerOptions {
  /** Folder for uploaded documents, redlines and scan cache (the embedded database's data folder by default). */
  dataDir: string;
  /** Served over TLS: cookies get `Secure` and the `__Host-` prefix. */
  tls?: boolean;
  session?: Partial<SessionSettings>;
  lockout?: Partial<LockoutSettings>;
  uploads?: Partial<UploadSettings>;
  /** Largest JSON body, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Fastify logger: false (default) or true / pino options. */
  logger?: boolean | Record<string, unknown>;
  /** Trust X-Forwarded-* from a reverse proxy (default false). */
  trustProxy?: boolean;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  dataDir: string;
  tls: boolean;
  session: SessionSettings;
  lockout: LockoutSettings;
  uploads: UploadSettings;
  bodyLimit: number;
  logger: boolean | Record<string, unknown>;
  trustProxy: boolean;
}

/** Defaults (see docs/security.md for the reasons). */
export const DEFAULTS = {
  session: { idleMinutes: 30, absoluteHours: 12 },
  lockout: { maxFailures: 5, baseLockSeconds: 60, maxLockSeconds: 3600, ipMaxFailures: 50, ipWindowMinutes: 15 },
  uploads: { maxFileBytes: 50 * 1024 * 1024, maxFiles: 20 },
  bodyLimit: 1024 * 1024,
} as const;

/** Fill in defaults. */
export function resolveOptions(o: ServerOptions): ResolvedOptions {
  return {
    dataDir: resolve(o.dataDir),
    tls: o.tls ?? false,
    session: { ...DEFAULTS.session, ...o.session },
    lockout: { ...DEFAULTS.lockout, ...o.lockout },
    uploads: { ...DEFAULTS.uploads, ...o.uploads },
    bodyLimit: o.bodyLimit ?? DEFAULTS.bodyLimit,
    logger: o.logger ?? false,
    trustProxy: o.trustProxy ?? false,
  };
}
