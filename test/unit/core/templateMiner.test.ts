import { strict as assert } from 'node:assert';
import { maskedTokens, TemplateMiner } from '../../../src/core';

/** Mine lines; returns per line the text of the final group it is in (as `templates` shows them). */
function mine(lines: string[], miner = new TemplateMiner()): string[] {
  const cs = lines.map((l) => miner.add(l));
  const groups = miner.groups();
  const byId = new Map(miner.clustersInOrder().map((c) => [c.id, c]));
  return cs.map((c) => (c ? TemplateMiner.text(byId.get(groups.get(c.id)!)!) : ''));
}

describe('template miner', () => {
  it('masks values that are always values: numbers, IPs with ports, UUIDs, hex ids, durations, timestamps, pod suffixes', () => {
    assert.deepEqual(maskedTokens('dial tcp 10.96.0.10:53: i/o timeout after 3.5s'), [
      'dial',
      'tcp',
      '<*>.<*>.<*>.<*>:<*>:',
      'i/o',
      'timeout',
      'after',
      '<*>.<*>',
    ]);
    assert.deepEqual(maskedTokens('pod uid=7f3c2a9e-51b0-4c1e-9d55-0a6b3c1e2f47 container 0xc000a1b2 at 2024-03-01T10:00:00Z'), [
      'pod',
      'uid=<*>-<*>-<*>-<*>-<*>',
      'container',
      '<*>',
      'at',
      '<*>-<*>-<*>:<*>:<*>',
    ]);
    assert.deepEqual(maskedTokens('Killing container checkout-api-7d9f8b6c5d-x2kqz and ingress-nginx-controller-wkzqp'), [
      'Killing',
      'container',
      'checkout-api-<*>',
      'and',
      'ingress-nginx-controller-<*>',
    ]);
    // A UUID is a value whole, also when one of its groups has no digit.
    assert.deepEqual(
      maskedTokens('detached volume 5c1b2a3e-9d4f-4e2a-bdcc-0a6b3c1e2f47 from /var/lib/kubelet/pods/5c1b2a3e-9d4f-4e2a-bdcc-0a6b3c1e2f47/volumes'),
      ['detached', 'volume', '<*>-<*>-<*>-<*>-<*>', 'from', '/var/lib/kubelet/pods/<*>-<*>-<*>-<*>-<*>/volumes'],
    );
    // A sign belongs to its number; a hyphen between two values does not.
    assert.deepEqual(maskedTokens('blk_-4028316 blk_4028316 offset=-3 range 10-20'), ['blk_<*>', 'blk_<*>', 'offset=<*>', 'range', '<*>-<*>']);
    // Words without a digit stay words: a hyphenated name is not a pod suffix unless it looks generated.
    assert.deepEqual(maskedTokens('readiness-probe failed for kube-proxy'), ['readiness-probe', 'failed', 'for', 'kube-proxy']);
  });

  it('reads a quantity as one value: a number with its unit, and a restatement in other units after it', () => {
    assert.deepEqual(maskedTokens('layer pulled in 2,315 ms (2.3 s), 48,210,944 bytes (46.0 MiB) from cache'), [
      'layer',
      'pulled',
      'in',
      '<*>,<*> ms (<*>.<*> s),',
      '<*>,<*>,<*> bytes (<*>.<*> MiB)',
      'from',
      'cache',
    ]);
    assert.deepEqual(maskedTokens('probe answered after <1 sec with 512 B, 98 % of budget left'), [
      'probe',
      'answered',
      'after',
      '<<*> sec',
      'with',
      '<*> B,',
      '<*> %',
      'of',
      'budget',
      'left',
    ]);
    // A word after a number that is not a unit stays a word, and so does a unit with no number before it.
    assert.deepEqual(maskedTokens('scaled to 3 replicas, bytes sent 0, waited 5 more'), [
      'scaled',
      'to',
      '<*>',
      'replicas,',
      'bytes',
      'sent',
      '<*>,',
      'waited',
      '<*>',
      'more',
    ]);
    // A unit after a token that is not a value (a word with a digit run inside) is not joined to it.
    assert.deepEqual(maskedTokens('volume pvc-0a1b 20 GiB, node-7 s'), ['volume', 'pvc-<*>', '<*> GiB,', 'node-<*>', 's']);
  });

  it("groups one event's lines whose quantities are written with and without a restatement, and durations as `<1 sec` or `00:02`", () => {
    const lines = [
      'tunnel 10.0.4.12:8080 closed after 00:02, sent 512 bytes, received 18,422 bytes (18.0 KB)',
      'tunnel api.internal:443 closed after <1 sec, sent 1,024 bytes (1.0 KB), received 96 bytes',
      'tunnel 10.0.7.3:5432 closed after 01:15:09, sent 2,048,000 bytes (1.95 MB), received 7 bytes',
      'tunnel 10.0.4.12:8080 opened through proxy 10.0.0.2:3128',
      'tunnel 172.16.0.9:9092 closed after <1 sec, sent 40 bytes, received 40 bytes',
    ];
    const t = mine(lines);
    assert.deepEqual(
      t.filter((x, i) => i !== 3),
      Array(4).fill(t[0]),
    );
    assert.equal(t[0], 'tunnel <*> closed after <*> sent <*> received <*>');
    assert.notEqual(t[3], t[0]);
    // A quantity weighs the two tokens it was: one differing word of `Downloading X (62 kB)` is one
    // of four, as before the value and its unit were joined, and the lines stay one template.
    const pip = mine([
      'Downloading urllib3-2.0.7-py3-none-any.whl (124 kB)',
      'Downloading click-8.1.7-py3-none-any.whl (97 kB)',
      'Downloading six-1.16.0-py2.py3-none-any.whl (11 kB)',
    ]);
    assert.deepEqual(pip, Array(3).fill('Downloading <*> (<*> kB)'));
  });

  it('lets values of different shapes agree when a line is compared with a template, unless their units differ', () => {
    // A requeue time written as a clock time or as epoch seconds, an attempt as `2/5` or `3`: one event.
    const requeue = mine(['requeue attempt 2/5 scheduled at 10:04:05.120', 'requeue attempt 3 scheduled at 1709287445']);
    assert.equal(requeue[0], requeue[1]);
    assert.equal(requeue[0], 'requeue attempt <*> scheduled at <*>');
    // Memory and disk reservations differ in one word and in their units: two events, though most
    // of their tokens are values; two memory lines with numbers of other shapes are still one.
    const t = mine([
      'sandbox web-1 reserved memory: 2048 MB, in use: 512.00 MB',
      'sandbox web-1 reserved disk: 20 GB, in use: 3.50 GB',
      'sandbox web-2 reserved memory: 4,096 MB, in use: 1024 MB',
      'sandbox web-3 reserved disk: 100 GB, in use: 0 GB',
    ]);
    assert.equal(t[0], t[2]);
    assert.equal(t[1], t[3]);
    assert.notEqual(t[0], t[1]);
    assert.equal(t[0], 'sandbox web-<*> reserved memory: <*> MB, in use: <*> MB');
  });

  it("groups one event's lines into one template and keeps different events apart", () => {
    const lines = [
      'Failed to pull image "registry.acme.io/checkout:v2.14.1": rpc error: code = NotFound desc = manifest unknown',
      'Liveness probe failed: Get "http://10.244.3.17:8080/healthz": context deadline exceeded',
      'Failed to pull image "registry.acme.io/cart:v1.3.0": rpc error: code = NotFound desc = manifest unknown',
      'Liveness probe failed: Get "http://10.244.1.9:8080/healthz": context deadline exceeded',
      'Back-off restarting failed container payments in pod payments-5c9d7f6b8-q8wzl',
      'Failed to pull image "ghcr.io/acme/search:latest": rpc error: code = NotFound desc = manifest unknown',
      'Back-off restarting failed container orders in pod orders-6b7c9d8f5-hk2mn',
      'Liveness probe failed: Get "http://10.244.2.44:9090/ready": context deadline exceeded',
    ];
    const t = mine(lines);
    assert.equal(t[0], t[2]);
    assert.equal(t[0], t[5]);
    assert.equal(t[1], t[3]);
    assert.equal(t[1], t[7]);
    assert.equal(t[4], t[6]);
    assert.equal(new Set(t).size, 3);
    assert.equal(t[0], 'Failed to pull image <*> rpc error: code = NotFound desc = manifest unknown');
    assert.equal(t[4], 'Back-off restarting failed container <*> in pod <*>');
  });

  it("joins a template to a more general one that covers it, across the tree's leaves", () => {
    // A first token with a digit routes to the `<*>` branch, a word to its own: without the final
    // join these would be three templates of one event.
    const lines = [
      'root logged in from console tty1',
      'admin7 logged in from console tty2',
      'u1 logged in from console tty1',
      'alice logged in from console tty3',
      'root logged out',
    ];
    const miner = new TemplateMiner();
    const t = mine(lines, miner);
    assert.equal(miner.clustersInOrder().length, 4, 'the online pass makes three templates of the one event');
    assert.deepEqual(t, Array(4).fill('<*> logged in from console <*>').concat(['root logged out']));
  });

  it('is deterministic: the same lines give the same templates and ids', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `worker ${i % 7} ${['started', 'stopped', 'failed'][i % 3]} job job-${i} on node-${i % 5}`);
    const a = new TemplateMiner(),
      b = new TemplateMiner();
    assert.deepEqual(
      lines.map((l) => a.add(l)?.id),
      lines.map((l) => b.add(l)?.id),
    );
    assert.deepEqual(a.clustersInOrder().map(TemplateMiner.text), b.clustersInOrder().map(TemplateMiner.text));
  });

  it('stays within its template bound and counts every line it dropped', () => {
    const evicted: number[] = [];
    const miner = new TemplateMiner({ maxTemplates: 20, onEvict: (id) => evicted.push(id) });
    // Distinct events: each word differs in every position, so no two lines share a template.
    const words = (i: number): string =>
      i
        .toString(26)
        .split('')
        .map((d) => String.fromCharCode(97 + parseInt(d, 26)))
        .join('');
    let total = 0;
    for (let i = 0; i < 300; i++) {
      miner.add(`alpha ${words(i)} beta`);
      miner.add(`${words(i)}x ${words(i)}y ${words(i)}z`);
      total += 2;
      assert.ok(miner.clustersInOrder().length <= 20);
    }
    for (let i = 0; i < 50; i++) {
      miner.add('heartbeat ok');
      total++;
    }
    const kept = miner.clustersInOrder().reduce((n, c) => n + c.count, 0);
    assert.equal(kept + miner.evicted.lines, total);
    assert.equal(miner.evicted.templates, evicted.length);
    assert.ok(
      miner.clustersInOrder().some((c) => TemplateMiner.text(c) === 'heartbeat ok'),
      'a frequent template is not evicted',
    );
  });

  it('reads hostile lines in bounded time: blank, huge, endless tokens, control characters', () => {
    const miner = new TemplateMiner();
    assert.equal(miner.add(''), undefined);
    assert.equal(miner.add(' \t '), undefined);
    const many = miner.add('x '.repeat(500_000));
    assert.equal(many?.tokens.length, 200, 'the tokens past the bound are one last token');
    const huge = miner.add('a'.repeat(2_000_000));
    assert.equal(huge?.tokens.length, 1);
    // Quantities everywhere: each joins its unit, the token bound still holds, and nothing is lost.
    const units = miner.add('1 s '.repeat(300_000));
    assert.equal(units?.tokens.length, 101, 'the first 198 tokens joined in pairs, the 199th alone, the rest as one token');
    assert.ok(units!.tokens[100].length > 500_000);
    assert.equal(miner.add('(1 KB) '.repeat(100_000))?.tokens.length, 101);
    assert.equal(TemplateMiner.text(miner.add('ms s bytes KB)')!), 'ms s bytes KB)');
    const ctl = miner.add('\x1b[2J\x1b]0;owned\x07 error 42');
    assert.deepEqual(ctl?.tokens, ['\x1b[<*>\x1b]<*>;owned\x07', 'error', '<*>']);
    // Only the first line of a multi-line message is mined.
    assert.equal(TemplateMiner.text(miner.add('panic: runtime error\ngoroutine 1 [running]:')!), 'panic: runtime error');
  });

  it('takes time linear in the input (no quadratic leaf scan): 8x the lines cost well under 30x the time', () => {
    const lines = (n: number): string[] =>
      Array.from(
        { length: n },
        (_, i) => `request ${i} from 10.0.${i % 250}.${i % 7} took ${i % 900}ms status ${[200, 404, 500][i % 3]} path /api/v${i % 3}/items`,
      );
    const time = (ls: string[]): number => {
      const t = process.hrtime.bigint();
      const m = new TemplateMiner();
      for (const l of ls) m.add(l);
      return Number(process.hrtime.bigint() - t);
    };
    const small = lines(20_000),
      big = lines(160_000);
    time(small);
    const ratio = time(big) / time(small);
    assert.ok(ratio < 30, `ratio ${ratio.toFixed(1)}`);
  });
});
