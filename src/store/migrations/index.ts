/**
 * Every migration this version of qmsr knows, in order. Add a new one by
 * creating `000N_<name>.ts` and listing it here; never edit a released one.
 */
import { migration as m0001 } from './0001_assessment.js';
import { migration as m0002 } from './0002_audit.js';
import { migration as m0003 } from './0003_accounts.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/** All migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003];
