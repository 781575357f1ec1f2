/**
 * The scan progress bar, on standard error only: files done out of the total
 * (files found so far, with "+", until the total is known), findings so far and the
 * file being read. Enabled only when standard error is a terminal, so logs and
 * CI output stay clean.
 */
import { MultiBar, type SingleBar } from 'cli-progress';
import type { ScanProgress } from '../scanner/scan-files.js';

/** What the scan command needs from a progress display. */
export interface ProgressDisplay {
  update(progress: ScanProgress): void;
  /** A line of diagnostics that must not tear the bar. */
  log(message: string): void;
  stop(): void;
}

/** A progress bar on `stream` when `enabled`; otherwise it only passes log lines through. */
export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const writeLine = (message: string): void => {
    stream.write(message.endsWith('\n') ? message : `${message}\n`);
  };
  if (!enabled) return { update: () => undefined, log: writeLine, stop: () => undefined };

  const multi = new MultiBar({
    stream,
    format: 'Scanning {bar} {value}/{total}{more} files | {findings} findings | {file}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
    autopadding: true,
  });
  let bar: SingleBar | undefined;
  return {
    update(p) {
      const known = p.discoveryDone || p.total !== undefined;
      const total = Math.max(p.discoveryDone ? p.discovered : (p.total ?? p.discovered), p.done, 1);
      const payload = { more: known ? '' : '+', findings: p.findings, file: shorten(p.current ?? '', 50) };
      if (!bar) bar = multi.create(total, p.done, payload);
      bar.setTotal(total);
      bar.update(p.done, payload);
    },
    log(message) {
      if (!multi.isActive) return writeLine(message);
      multi.log(message.endsWith('\n') ? message : `${message}\n`);
      multi.update(); // draw now: lines still buffered when the bar stops are lost
    },
    stop() {
      multi.stop();
    },
  };
}

/** Keep the end of a long path, where the file name is. */
function shorten(path: string, width: number): string {
  return path.length <= width ? path : `…${path.slice(path.length - width + 1)}`;
}
