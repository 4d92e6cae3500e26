/**
 * The analysis worker thread's entry (bundled as dist/analysisWorker.js): wires the host's messages to
 * an AnalysisServer. A message that fails to be handled is reported to the host, not lost.
 */
import { parentPort } from 'node:worker_threads';
import { AnalysisServer } from './analysisServer';
import type { FromWorker, ToWorker } from './protocol';

if (!parentPort) throw new Error('analysisWorker.js runs as a worker thread of the extension host');
const port = parentPort;
const server = new AnalysisServer((m: FromWorker) => port.postMessage(m));
port.on('message', (m: ToWorker) => {
  try {
    server.handle(m);
  } catch (err) {
    // Only an analysis has an id to fail; anything else (a catalogue that would not build) fails the
    // next analysis through the host's error handler.
    port.postMessage({
      type: 'failed',
      id: m.type === 'analyze' ? m.id : -1,
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    } satisfies FromWorker);
  }
});
