/**
 * A block worker thread's entry (bundled as dist/blockWorker.js): builds the run's catalogue from the
 * same sources as the main thread, then reads the blocks it is sent and returns each result with its
 * matches recorded. An error is returned with the block's id, so the run reports it for its input.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeBlock, RecordingSink, takeGrammarFaults, type Catalogue } from '../core';
import { catalogueFromSources } from './compiledCatalogue';
import type { FromBlockWorker, ToBlockWorker } from './blockWorkers';

if (!parentPort) throw new Error('blockWorker.js runs as a worker thread of the CLI');
const port = parentPort;
let catalogue: Catalogue | undefined;
port.on('message', (m: ToBlockWorker) => {
  if (m.type === 'catalogue') {
    catalogue = catalogueFromSources(m.sources);
    return;
  }
  let reply: FromBlockWorker;
  try {
    if (!catalogue) throw new Error('block worker: a block came before the catalogue');
    const recorder = new RecordingSink();
    const result = analyzeBlock(catalogue, Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength), m.job, recorder);
    reply = { id: m.id, result: { ...result, records: recorder.records } };
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  const faults = takeGrammarFaults();
  port.postMessage(faults.total > 0 ? { ...reply, faults } : reply);
});
