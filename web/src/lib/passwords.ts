/**
 * The server's password rules (src/server/auth/passwords.ts), checked in the
 * form too so people learn what is wrong before they submit. The server
 * checks again and its message wins.
 */

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;

/** The rules as one sentence for a hint. */
export const PASSWORD_RULES = `At least ${MIN_PASSWORD_LENGTH} characters, more than three different characters, and not containing the username. A passphrase of several words works well.`;

/** What is wrong with a new password (empty when acceptable). */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  const u = username.trim().toLowerCase();
  if (u && password.trim().toLowerCase().includes(u)) problems.push('Do not use the username in the password.');
  if (password.length > 0 && new Set(password).size < 4) problems.push('Use more than three different characters.');
  return problems;
}
