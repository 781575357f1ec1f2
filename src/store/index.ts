/**
 * The qmsr store: the gap assessment's database, embedded (PGlite) or on a
 * PostgreSQL server, with the same schema, migrations and queries on both.
 * See docs/database.md.
 */
export { openStore, DEFAULT_DATA_DIR } from './database.js';
export type { OpenStoreOptions } from './database.js';
export type { Store } from './store.js';
export { NestedTransactionError } from './store.js';
export { migrate, schemaVersion, latestVersion, NewerSchemaError } from './migrate.js';
export type { MigrateResult } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export type { Migration } from './migrations/index.js';
export { backupStore, restoreStore } from './backup.js';
export type { BackupHeader, BackupSummary } from './backup.js';
export { updateWithVersion, ConflictError, NotFoundError } from './concurrency.js';
export type { ChangeContext, VersionedTable, VersionedKey, VersionedChanges } from './concurrency.js';
export { StoreLockedError } from './lock.js';
export type { LockInfo } from './lock.js';
export * from './schema.js';
