/**
 * The extension's analysis worker, driven in-process: the client and the server talk over a real
 * MessageChannel (structured clone, as between the extension host and its worker thread), so the
 * result's pieces, edits, supersession and a dying worker are exercised as in the editor.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import { IncrementalDocument, occurrenceProblems, redactText, sniffYears } from '../../../src/core';
import { builtinCatalogueDir } from '../../../src/node/loadCatalogue';
import { catalogueFromSources, type CatalogueSources } from '../../../src/node/compiledCatalogue';
import { AnalysisClient, type WorkerLike } from '../../../src/extension/analysis/analysisClient';
import { AnalysisServer } from '../../../src/extension/analysis/analysisServer';
import { Superseded, type FromWorker, type ToWorker } from '../../../src/extension/analysis/protocol';

/** Small pieces, so the test's log has findings of several. */
const PIECE_OCCURRENCES = 500;
const sources: CatalogueSources = { builtinDir: builtinCatalogueDir(), userFiles: [] };
const catalogue = catalogueFromSources(sources);

/** A worker thread stand-in: a server on the far end of a MessageChannel, in this thread. */
function channelWorker(): WorkerLike & { port: MessagePort; kill(code: number): void; received: ToWorker[] } {
  const { port1, port2 } = new MessageChannel();
  const server = new AnalysisServer(
    (m: FromWorker) => port2.postMessage(m),
    () => 2024,
    PIECE_OCCURRENCES,
  );
  const received: ToWorker[] = [];
  port2.on('message', (m: ToWorker) => {
    received.push(m);
    server.handle(m);
  });
  const events = new EventEmitter();
  port1.on('message', (m) => events.emit('message', m));
  return {
    port: port1,
    received,
    postMessage: (m: ToWorker) => port1.postMessage(m),
    on: (e: string, l: (...a: any[]) => void) => events.on(e, l),
    terminate: () => {
      port1.close();
      port2.close();
    },
    kill: (code: number) => {
      port1.close();
      port2.close();
      events.emit('exit', code);
    },
  } as never;
}

/** The eviction journal of seed 003 plus many GC failures, so one finding has several pieces of occurrences. */
function bigLog(): string[] {
  const lines = readFileSync('examples/dind-evicted-nodefs/kubelet.journal.log', 'utf8').split('\n');
  for (let i = 0; i < 2_600; i++) {
    const s = String(i % 60).padStart(2, '0');
    lines.push(
      `Mar 14 03:${String(10 + (Math.floor(i / 60) % 50)).padStart(2, '0')}:${s} ip-10-0-1-7 kubelet[1321]: E0314 03:10:${s}.000000    1321 kubelet.go:1302] "Image garbage collection failed multiple times in a row" err="failed to garbage collect required amount of images. Wanted to free 2147483648 bytes, but freed 0 bytes"`,
    );
  }
  return lines;
}

/** What the core gives for these lines, the year read from their head as the worker reads it (else 2024, the test's year). */
function expected(lines: string[]) {
  const doc = new IncrementalDocument(catalogue, 'incident.log');
  doc.setLines(lines);
  return doc.diagnose(sniffYears([doc.head(256 * 1024)])[0] ?? 2024);
}

function sendAll(client: AnalysisClient, key: string, lines: string[], version: number, chunk = 700): void {
  for (let at = 0; at < lines.length; at += chunk)
    client.sendText(key, 'incident.log', version, lines.slice(at, at + chunk), at === 0, at + chunk >= lines.length);
}

describe('analysis worker (client and server over a MessageChannel)', () => {
  let worker: ReturnType<typeof channelWorker> | undefined;
  afterEach(() => worker?.terminate?.());

  it('gives the diagnosis IncrementalDocument gives, its occurrences received in pieces', async () => {
    const lines = bigLog();
    const client = new AnalysisClient(() => (worker = channelWorker()));
    client.setCatalogue(sources);
    sendAll(client, 'doc', lines, 1);
    const a = await client.analyze('doc', 1, 0);
    const want = expected(lines);
    assert.ok(
      want.findings.some((f) => f.occurrences.length > 2 * PIECE_OCCURRENCES),
      'the log has a finding of several pieces',
    );
    assert.deepEqual(a.diagnosis, want);
    // The Problems rows, parallel to the occurrences: headlines filled, causes linked, log text redacted.
    assert.deepEqual(
      a.problems,
      occurrenceProblems(want, (id) => catalogue.get(id)?.signature.headline, redactText),
    );
    assert.ok(
      a.problems.some((rows) => rows.some((r) => r.related.some((l) => /^caused by: .* \[[a-z-]+\]$/.test(l.message)))),
      'a row links to its cause',
    );
    assert.equal(a.version, 1);
    assert.equal(a.stats.blocksRead, a.stats.blocks);
    const pulls = worker!.received.filter((m) => m.type === 'more').length;
    const occurrences = want.findings.reduce((n, f) => n + f.occurrences.length, 0);
    assert.equal(pulls, Math.ceil(occurrences / PIECE_OCCURRENCES) + 1, 'one pull per full piece (findings share pieces), then one for the end');
  });

  it('applies edits in order and re-reads only the blocks they touched', async () => {
    const lines = bigLog();
    const client = new AnalysisClient(() => (worker = channelWorker()));
    client.setCatalogue(sources);
    sendAll(client, 'doc', lines, 1);
    await client.analyze('doc', 1, 0);
    // Two changes in one event: a line deleted, then a GC failure typed into line 2.
    client.edit('doc', 2, [
      { range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: '' },
      {
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
        text: 'Mar 14 03:09:00 ip-10-0-1-7 kernel: nf_conntrack: table full, dropping packet\r\n',
      },
    ]);
    const a = await client.analyze('doc', 2, 0);
    const edited = [...lines];
    edited.splice(5, 1);
    edited.splice(2, 0, 'Mar 14 03:09:00 ip-10-0-1-7 kernel: nf_conntrack: table full, dropping packet');
    assert.deepEqual(a.diagnosis, expected(edited));
    assert.ok(a.diagnosis.findings.some((f) => f.signatureId === 'conntrack-table-full'));
    assert.ok(a.stats.blocksRead < a.stats.blocks, `${a.stats.blocksRead} of ${a.stats.blocks} blocks read again`);
  });

  it('does not send again the occurrences an edit left unchanged, and the result is still the whole diagnosis', async () => {
    const lines = bigLog();
    const client = new AnalysisClient(() => (worker = channelWorker()));
    client.setCatalogue(sources);
    sendAll(client, 'doc', lines, 1);
    const first = await client.analyze('doc', 1, 0);
    // Typing at the end of the last line (a GC failure): only that finding's last occurrence changes.
    const last = lines.length - 1;
    const typed = ' (retrying)';
    client.edit('doc', 2, [
      { range: { start: { line: last, character: lines[last].length }, end: { line: last, character: lines[last].length } }, text: typed },
    ]);
    const pulls = (): number => worker!.received.filter((m) => m.type === 'more').length;
    const before = pulls();
    const second = await client.analyze('doc', 2, 0);
    const edited = [...lines];
    edited[last] += typed;
    const want = expected(edited);
    assert.deepEqual(second.diagnosis, want);
    assert.deepEqual(
      second.problems,
      occurrenceProblems(want, (id) => catalogue.get(id)?.signature.headline, redactText),
    );
    const gc = second.diagnosis.findings.findIndex((f) => f.signatureId === 'image-gc-failed');
    const others = second.diagnosis.findings.map((f, i) => i).filter((i) => i !== gc);
    assert.ok(others.length > 0);
    // The unchanged findings' occurrences are the first result's (shared, not received again) ...
    for (const i of others) {
      const j = first.diagnosis.findings.findIndex((f) => f.signatureId === second.diagnosis.findings[i].signatureId);
      assert.equal(second.diagnosis.findings[i].occurrences, first.diagnosis.findings[j].occurrences);
      assert.equal(second.problems[i], first.problems[j]);
    }
    // ... and the changed finding's came whole again, in pieces.
    assert.notEqual(second.diagnosis.findings[gc].occurrences, first.diagnosis.findings.find((f) => f.signatureId === 'image-gc-failed')!.occurrences);
    assert.equal(pulls() - before, Math.ceil(second.diagnosis.findings[gc].occurrences.length / PIECE_OCCURRENCES) + 1);
    // The first result is untouched: it still is what the core gives for the first text.
    assert.deepEqual(first.diagnosis, expected(lines));
    // An edit that changes nothing found (a line no rule reads): nothing is sent again.
    client.edit('doc', 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'quorum lattice ember\n' }]);
    const third = await client.analyze('doc', 3, 0);
    assert.deepEqual(third.diagnosis, expected(['quorum lattice ember', ...edited]));
    // Every line moved down one: every finding's occurrences changed, and all came again.
    assert.ok(third.diagnosis.findings.every((f, i) => f.occurrences !== second.diagnosis.findings[i]?.occurrences));
    client.edit('doc', 4, [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, text: ' vortex' }]);
    const at = pulls();
    const fourth = await client.analyze('doc', 4, 0);
    assert.deepEqual(fourth.diagnosis, expected(['quorum vortex lattice ember', ...edited]));
    assert.equal(pulls() - at, 2, 'one piece naming every finding as the same as before, then the end');
  });

  it('gives up an analysis an edit overtook, and one of a version it does not hold', async () => {
    const lines = bigLog();
    for (let i = 0; i < 3; i++) lines.push(...lines);
    const client = new AnalysisClient(() => (worker = channelWorker()));
    client.setCatalogue(sources);
    sendAll(client, 'doc', lines, 1);
    const run = client.analyze('doc', 1, 0);
    client.edit('doc', 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    await assert.rejects(run, Superseded);
    await assert.rejects(client.analyze('doc', 1, 0), Superseded);
    const a = await client.analyze('doc', 2, 0);
    assert.equal(a.version, 2);
  });

  it('stops at the time limit and says where', async () => {
    const lines = bigLog();
    for (let i = 0; i < 4; i++) lines.push(...lines);
    const client = new AnalysisClient(() => (worker = channelWorker()));
    client.setCatalogue(sources);
    sendAll(client, 'doc', lines, 1);
    const a = await client.analyze('doc', 1, 1);
    assert.ok(a.stats.stoppedAtLine !== undefined && a.stats.stoppedAtLine < lines.length, `stopped at ${a.stats.stoppedAtLine}`);
    assert.ok(a.diagnosis.inputs[0].notices.some((n) => /time limit/.test(n.message)));
  });

  it('fails waiting analyses when the worker dies, and starts a new one that must be sent the text again', async () => {
    const started: ReturnType<typeof channelWorker>[] = [];
    const client = new AnalysisClient(() => {
      worker = channelWorker();
      started.push(worker);
      return worker;
    });
    let restarts = 0;
    client.onRestart = () => {
      restarts++;
    };
    client.setCatalogue(sources);
    const lines = bigLog();
    for (let i = 0; i < 3; i++) lines.push(...lines);
    sendAll(client, 'doc', lines, 1);
    const run = client.analyze('doc', 1, 0);
    started[0].kill(1);
    await assert.rejects(run, /the analysis worker stopped: it exited with code 1/);
    assert.equal(restarts, 1);
    // The new worker got the catalogue before anything else, and knows no document until it is sent.
    await assert.rejects(client.analyze('doc', 1, 0), Superseded);
    assert.equal(started.length, 2);
    assert.equal(started[1].received[0].type, 'catalogue');
    sendAll(client, 'doc', lines.slice(0, 200), 1);
    const a = await client.analyze('doc', 1, 0);
    assert.deepEqual(a.diagnosis, expected(lines.slice(0, 200)));
  });

  it('reports a failure that belongs to no analysis (a document before any catalogue)', async () => {
    const errors: string[] = [];
    const client = new AnalysisClient(() => {
      const { port1, port2 } = new MessageChannel();
      const server = new AnalysisServer((m) => port2.postMessage(m));
      port2.on('message', (m: ToWorker) => {
        try {
          server.handle(m);
        } catch (err) {
          port2.postMessage({ type: 'failed', id: -1, message: (err as Error).message } satisfies FromWorker);
        }
      });
      const events = new EventEmitter();
      port1.on('message', (m) => events.emit('message', m));
      worker = {
        postMessage: (m: ToWorker) => port1.postMessage(m),
        on: (e: string, l: (...a: any[]) => void) => events.on(e, l),
        terminate: () => {
          port1.close();
          port2.close();
        },
      } as never;
      return worker!;
    });
    client.onError = (m) => errors.push(m);
    client.sendText('doc', 'incident.log', 1, ['a line'], true, true);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(errors, ['analysis worker: no catalogue was sent before the first document']);
  });
});

describe('Problems rows (core/report/problems.ts)', () => {
  it('gives the same rows from its memo as without, and reuses the words of unchanged occurrences', () => {
    const lines = bigLog();
    const d = expected(lines);
    const headlineOf = (id: string) => catalogue.get(id)?.signature.headline;
    const fresh = occurrenceProblems(d, headlineOf, redactText);
    const memo = new Map<string, string>();
    assert.deepEqual(occurrenceProblems(d, headlineOf, redactText, memo), fresh);
    const size = memo.size;
    let calls = 0;
    const counting = (t: string) => {
      calls++;
      return redactText(t);
    };
    // The same log again (as after an edit that changed nothing found): only the related lines' words are made.
    assert.deepEqual(occurrenceProblems(expected(lines), headlineOf, counting, memo), fresh);
    assert.equal(memo.size, size);
    const links = new Set(fresh.flatMap((rows) => rows.flatMap((r) => r.related.map((l) => `${l.finding}:${l.occurrence}`)))).size;
    assert.ok(calls <= links, `${calls} texts made again, at most the ${links} linked ones`);
  });
});
