/**
 * Password hashing and password rules.
 *
 * Hashes are argon2id PHC strings (`$argon2id$v=19$m=65536,t=3,p=1$…`) from
 * @node-rs/argon2, with a 16-byte random salt per hash. The parameters are
 * RFC 9106's second recommended set with one lane (64 MiB, 3 passes): a
 * median of about 54 ms per hash on the quiet 2-core CI machine, several
 * hundred ms when it is busy (docs/security.md). Hashing runs
 * on libuv's thread pool (4 threads), which also caps the memory that a burst
 * of logins can take at 4 × 64 MiB.
 */
import type { Algorithm, Options } from '@node-rs/argon2';
import { hash, verify } from '@node-rs/argon2';

/** argon2id; `Algorithm` is an ambient const enum, so its value is written here. */
const ARGON2ID = 2 as Algorithm;

/** The hashing parameters for new hashes. */
export const ARGON2_OPTIONS: Readonly<Options> = Object.freeze({ algorithm: ARGON2ID, memoryCost: 65536, timeCost: 3, parallelism: 1 });

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted (a bound on hashing work per request). */
export const MAX_PASSWORD_LENGTH = 256;

/** Hash a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummy: Promise<string> | undefined;

/**
 * Check `password` against a stored hash. With no hash (unknown user) a
 * dummy hash is checked instead, so the answer takes as long either way.
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  dummy ??= hashPassword('qmsr dummy password for timing');
  const target = stored ?? (await dummy);
  try {
    const ok = await verify(target, password);
    return ok && stored !== undefined;
  } catch {
    return false;
  }
}

/** Why a new password is refused (empty when it is acceptable). */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`A password may have at most ${MAX_PASSWORD_LENGTH} characters.`);
  const p = password.trim().toLowerCase();
  const u = username.trim().toLowerCase();
  if (u && (p === u || p.includes(u))) problems.push('A password must not be or contain the username.');
  if (password.length > 0 && new Set(password).size < 4) problems.push('A password needs more than three different characters.');
  return problems;
}
