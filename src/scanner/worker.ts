/**
 * Entry point of a scan worker thread (started by pool.ts). Takes the
 * knowledge base the main thread sent, prepares the rules once, says it is
 * ready, then scans one file per message until it is terminated. Findings go
 * back packed (packed.ts): one block of bytes per file, transferred rather
 * than copied, which the main thread stores and prints as it is.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareScan, type PreparedScan } from './engine.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './pool.js';
import { closePdftotext } from '../readers/pdftotext-launcher.js';
import { packOutcome } from './runner.js';
import { scanOne } from './scan-one.js';

const port = parentPort;
if (port) {
  const post = (reply: WorkerReply): void => port.postMessage(reply);
  let prepared: PreparedScan | undefined;
  try {
    const { kb, config } = workerData as WorkerData;
    prepared = prepareScan(kb, config);
    post({ type: 'ready', kbHash: kb.hash });
  } catch (err) {
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
  }
  port.on('message', (request: WorkerRequest) => {
    if ('close' in request) {
      // Let go of what outlives the thread (pdftotext's shell), then say so.
      void closePdftotext().then(() => port.postMessage({ type: 'closed' } satisfies WorkerReply));
      return;
    }
    if (!prepared) return;
    void scanOne(prepared, request.task).then((found) => {
      const outcome = packOutcome(found, request.task);
      const { json } = outcome.findings;
      // Transfer the bytes when they have a buffer of their own (the empty result is shared).
      const transfer = json.byteLength > 0 && json.byteLength === json.buffer.byteLength ? [json.buffer as ArrayBuffer] : [];
      port.postMessage({ type: 'done', id: request.id, outcome } satisfies WorkerReply, transfer);
    });
  });
}
