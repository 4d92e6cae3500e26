import { strict as assert } from 'node:assert';
import {
  contextAsks,
  readableAlone,
  readAround,
  readCandidates,
  storeInputs,
  pushdownFilter,
  type CandidateFetch,
  type ContextAsk,
  type LogStoreSource,
  type StoreLine,
} from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const catalogue = shippedCatalogue();
const filter = pushdownFilter(catalogue);
const S = 1_000_000_000;
const at = (source: string, s: number, line: string, pos?: number): StoreLine => ({ source, timeNs: BigInt(Math.round(s * S)), line, ...(pos ? { pos } : {}) });

const KLOG = 'E1122 08:00:01.000000    1234 kuberuntime_manager.go:815] "Failed to pull image" err="rpc error: code = NotFound" image="x:1"';
const JOURNAL =
  'Dec 04 20:47:00 ip-10-20-3-41 kubelet[9731]: E1204 20:47:00.520559    9731 pod_workers.go:186] Error syncing pod c82c ("api_qa(c82c)"), skipping: failed to "StartContainer" for "api" with CrashLoopBackOff: "Back-off 20s restarting failed container=api pod=api_qa(c82c)"';
const CONSOLE = '[2021-12-04T20:47:00.123Z] ERROR: Job failed: exit code 137';
const DESCRIBE_ROW = '  Warning  Evicted  18m   kubelet, node-1  The node was low on resource: nodefs.';
const FRAME = 'Caused by: java.net.UnknownHostException: nexus.internal: Temporary failure in name resolution';

describe('context only where the engine needs it (core)', () => {
  it('a whole record of a line-oriented kind is read alone; console, describe, trace and partial lines are not', () => {
    assert.ok(readableAlone(KLOG));
    assert.ok(readableAlone(JOURNAL));
    assert.ok(readableAlone('{"level":"error","ts":1700000000.1,"msg":"failed to pull image","error":"manifest unknown"}'));
    assert.ok(!readableAlone(CONSOLE));
    assert.ok(!readableAlone(DESCRIBE_ROW));
    assert.ok(!readableAlone(FRAME));
    // A CRI line the runtime split (P): its record goes on in the next line.
    const cri = (tag: string): string => `2024-05-01T10:00:00.123456789Z stderr ${tag} java.lang.OutOfMemoryError: Java heap space`;
    assert.ok(readableAlone(cri('F')));
    assert.ok(!readableAlone(cri('P')));
  });

  it('asks for the lines around candidates it cannot read alone, and the neighbours of records within a second of another line', () => {
    const lines = [
      at('a', 10, KLOG), // alone: nothing near it
      at('b', 20, CONSOLE), // a console line: its event
      at('c', 30, JOURNAL), // two records 0.4 s apart: their neighbours
      at('c', 30.4, JOURNAL.replace('20:47:00.520559', '20:47:00.920559')),
      at('d', 40, 'widget sync error: quota of the blue team is zero'), // an error-word line, no literal a rule keys: never asked
    ];
    const asks = contextAsks(catalogue, lines, { before: 60, after: 60 });
    const shown = asks.map((a: ContextAsk) => `${a.source}@${Number(a.timeNs) / S}:${a.purpose}:${a.before}/${a.after}`);
    assert.deepEqual(shown, ['b@20:event:60/60', 'c@30:neighbours:1/1', 'c@30.4:neighbours:1/1']);
  });

  it('auto: candidates alone first, then the context the store gives; a store without context says how many it read alone', async () => {
    const calls: string[] = [];
    const first: CandidateFetch = { lines: [at('b', 20, CONSOLE), at('a', 10, KLOG)], truncated: false, notices: [] };
    const store = (withContext: boolean): LogStoreSource => ({
      label: 'fake',
      fetchCandidates: async (f) => {
        calls.push(`candidates ${f.context.before}/${f.context.after}`);
        return first;
      },
      ...(withContext
        ? {
            fetchContext: async (asks) => {
              calls.push(`context ${asks.length}`);
              return { lines: [at('b', 19, '[Pipeline] stage', 7), at('b', 20, CONSOLE, 8)], notices: [] };
            },
          }
        : {}),
    });
    const got = await readCandidates(catalogue, store(true), filter, { sinceNs: 0n, untilNs: 100n * BigInt(S) }, 'auto');
    assert.deepEqual(calls, ['candidates 0/0', 'context 1']);
    // The console line once, with the position the context read gave it.
    assert.deepEqual(
      got.lines.map((l) => `${l.source}:${l.line.slice(0, 16)}:${l.pos ?? '-'}`).sort(),
      ['a:E1122 08:00:01.0:-', 'b:Pipeline stage:7'.replace('Pipeline', '[Pipeline]'), 'b:[2021-12-04T20:4:8'].sort(),
    );
    calls.length = 0;
    const alone = await readCandidates(catalogue, store(false), filter, { sinceNs: 0n, untilNs: 100n * BigInt(S) }, 'auto');
    assert.equal(alone.lines.length, 2);
    assert.match(alone.notices.map((n) => n.message).join('\n'), /fake: 1 candidate lines were read without the lines around them/);
    // A fixed context: in the candidate query where the store can (ClickHouse), else read after it around every candidate.
    calls.length = 0;
    await readCandidates(catalogue, { ...store(true), contextInQuery: true }, filter, { sinceNs: 0n, untilNs: 1n }, { before: 5, after: 5 });
    assert.deepEqual(calls, ['candidates 5/5']);
    calls.length = 0;
    await readCandidates(catalogue, store(true), filter, { sinceNs: 0n, untilNs: 1n }, { before: 5, after: 5 });
    assert.deepEqual(calls, ['candidates 0/0', 'context 2']);
  });

  it('lines of one time from different reads are put in the order of their positions in the source', () => {
    const [input] = storeInputs('ch', {
      lines: [at('s', 2, 'third', 9), at('s', 1, 'first'), at('s', 2, 'second', 8), at('s', 3, 'fourth')],
      truncated: false,
      notices: [],
    });
    assert.equal(Buffer.concat(input.chunks as Uint8Array[]).toString('utf8'), 'first\nsecond\nthird\nfourth\n');
  });

  it('reads around asks one source at a time: close asks share reads, and a bound says how many were read alone', async () => {
    const reads: string[] = [];
    const ask = (source: string, s: number): ContextAsk => ({ source, timeNs: BigInt(s * S), before: 2, after: 2, purpose: 'event' });
    // Each forward read "returns" lines up to 5 s after where it starts.
    const before = async (a: ContextAsk): Promise<StoreLine[]> => (reads.push(`before ${a.source}@${Number(a.timeNs) / S}`), []);
    const after = async (a: ContextAsk, from: bigint, limit: number): Promise<StoreLine[]> => (
      reads.push(`after ${a.source}@${Number(a.timeNs) / S} from ${Number(from) / S} limit ${limit}`),
      [at(a.source, Number(from) / S + 5, 'x')]
    );
    const asks = [ask('b', 1), ask('a', 30), ask('a', 10), ask('a', 12)];
    assert.deepEqual(await readAround('store', asks, 100, 'requests', before, after), []);
    assert.deepEqual(reads, [
      'before a@10',
      'after a@10 from 10 limit 3',
      // 12 lies inside what the read from 10 covered (to 15): no read before it, the next one from 15, twice as large.
      'after a@12 from 15 limit 6',
      'before a@30',
      'after a@30 from 30 limit 3',
      'before b@1',
      'after b@1 from 1 limit 3',
    ]);
    reads.length = 0;
    const cut = await readAround('store', asks, 3, 'requests', before, after);
    assert.deepEqual(reads, ['before a@10', 'after a@10 from 10 limit 3', 'after a@12 from 15 limit 6']);
    assert.match(cut[0].message, /^store: the lines around 2 of 4 candidate lines were not fetched \(3 requests at most\): those are read alone/);
  });
});
