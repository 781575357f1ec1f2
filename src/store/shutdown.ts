/**
 * Process-exit handling for embedded stores. One set of handlers serves all
 * stores open in the process:
 * - on 'exit', each store's lock is released (synchronously);
 * - on SIGINT, SIGTERM or SIGHUP, if the application has no handler of its
 *   own for that signal, the stores are closed cleanly and the signal is
 *   raised again so the process ends as it would have. If the application
 *   does handle the signal, it owns shutdown and must `await store.close()`.
 */

/** What the handlers need from an open embedded store. */
export interface ShutdownHooks {
  close(): Promise<void>;
  /** Synchronous last resort at process exit. */
  releaseLock(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const open = new Set<ShutdownHooks>();

function onExit(): void {
  for (const hooks of open) hooks.releaseLock();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  uninstall();
  const closing = [...open].map((hooks) => hooks.close().catch(() => undefined));
  void Promise.all(closing).finally(() => process.kill(process.pid, signal));
}

function install(): void {
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Track an open store; returns the function that stops tracking it. */
export function registerForShutdown(hooks: ShutdownHooks): () => void {
  if (open.size === 0) install();
  open.add(hooks);
  return () => {
    if (!open.delete(hooks)) return;
    if (open.size === 0) uninstall();
  };
}
