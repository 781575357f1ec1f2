/**
 * Entry point of a scan worker thread (started by pool.ts). Takes the
 * knowledge base the main thread sent, prepares the rules once, says it is
 * ready, then scans one file per message until it is terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareScan, type PreparedScan } from './engine.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './pool.js';
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
    if (!prepared) return;
    void scanOne(prepared, request.task).then((outcome) => post({ type: 'done', id: request.id, outcome }));
  });
}
