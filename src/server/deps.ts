/**
 * What every route handler works with: the store, the knowledge base and the
 * resolved server options. Passed explicitly to each route module.
 */
import type { KnowledgeBase } from '../kb/model.js';
import type { Store } from '../store/store.js';
import type { ResolvedOptions } from './options.js';

/** Shared dependencies of the route handlers. */
export interface ServerDeps {
  store: Store;
  kb: KnowledgeBase;
  options: ResolvedOptions;
}
