/**
 * Every migration this version of qmsr knows, in order. Add a new one by
 * creating `000N_<name>.ts` and listing it here; never edit a released one.
 */
import { migration as m0001 } from './0001_assessment.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/** All migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = [m0001];
