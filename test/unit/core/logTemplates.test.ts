import { strict as assert } from 'node:assert';
import { LogTemplates, type LogTemplatesOptions, type LogTemplatesResult } from '../../../src/core';

/** A kubelet journal excerpt with repeated events, an error, a secret and a stack trace. */
const JOURNAL =
  [
    'Mar 04 09:12:01 node-7 kubelet[1432]: I0304 09:12:01.100200    1432 kubelet.go:2104] "SyncLoop ADD" source="api" pods=[shop/cart-6b7c9d8f5-hk2mn]',
    'Mar 04 09:12:02 node-7 kubelet[1432]: I0304 09:12:02.300400    1432 kubelet.go:2104] "SyncLoop ADD" source="api" pods=[shop/orders-5c9d7f6b8-q8wzl]',
    'Mar 04 09:12:05 node-7 kubelet[1432]: E0304 09:12:05.551000    1432 pod_workers.go:951] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"cart\\" with CrashLoopBackOff" pod="shop/cart-6b7c9d8f5-hk2mn"',
    'Mar 04 09:12:09 node-7 kubelet[1432]: I0304 09:12:09.100200    1432 kubelet.go:2104] "SyncLoop ADD" source="api" pods=[shop/search-7d9f8b6c5d-x2kqz]',
    'Mar 04 09:12:11 node-7 kubelet[1432]: E0304 09:12:11.000100    1432 pod_workers.go:951] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"orders\\" with CrashLoopBackOff" pod="shop/orders-5c9d7f6b8-q8wzl"',
    'Mar 04 09:12:14 node-7 dockerd[988]: time="2024-03-04T09:12:14Z" level=info msg="login to registry with password=Sup3rS3cr3t! succeeded"',
    'Mar 04 09:12:20 node-7 kubelet[1432]: I0304 09:12:20.700800    1432 kubelet.go:2104] "SyncLoop ADD" source="api" pods=[shop/cart-6b7c9d8f5-zz9pq]',
    '',
    'Mar 04 09:12:31 node-7 kubelet[1432]: E0304 09:12:31.000100    1432 pod_workers.go:951] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"search\\" with CrashLoopBackOff" pod="shop/search-7d9f8b6c5d-x2kqz"',
  ].join('\n') + '\n';

function run(inputs: (string | Buffer[])[], options: Partial<LogTemplatesOptions> = {}): LogTemplatesResult {
  const t = new LogTemplates({ defaultYear: 2024, ...options });
  for (const input of inputs) {
    t.startInput();
    for (const chunk of typeof input === 'string' ? [Buffer.from(input)] : input) t.push(chunk);
    t.endInput();
  }
  return t.result();
}

const chunked = (text: string, size: number): Buffer[] => {
  const b = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
};

describe('templates of whole logs', () => {
  it('puts every non-blank line in one template, most frequent first, with line numbers and times', () => {
    const r = run([JOURNAL]);
    assert.equal(r.lines, 9);
    assert.equal(
      r.templates.reduce((n, t) => n + t.count, 0),
      8,
      'every line but the blank one',
    );
    assert.deepEqual(
      r.templates.map((t) => t.count),
      [4, 3, 1],
    );
    const [sync, err] = r.templates;
    assert.deepEqual(sync.lines, [1, 2, 4, 7]);
    assert.equal(sync.template, 'SyncLoop ADD source="api" <*>');
    assert.deepEqual(err.lines, [3, 5, 9]);
    assert.equal(err.firstSeen, '2024-03-04T09:12:05.000Z', "the journal's own time");
    assert.equal(err.lastSeen, '2024-03-04T09:12:31.000Z');
    assert.equal(err.examples.length, 3);
  });

  it('mines redacted text: no secret in a template or an example', () => {
    const r = run([JOURNAL]);
    const all = JSON.stringify(r);
    assert.ok(!all.includes('Sup3rS3cr3t'), all);
    assert.ok(all.includes('[REDACTED:'), all);
  });

  it('does not depend on how the bytes are chunked or the lines blocked', () => {
    const whole = run([JOURNAL]);
    for (const size of [1, 7, 64]) assert.deepEqual(run([chunked(JOURNAL, size)]), whole, `chunks of ${size} bytes`);
    for (const blockLines of [2, 3, 5]) assert.deepEqual(run([JOURNAL], { blockLines }), whole, `blocks of ${blockLines} lines`);
  });

  it('keeps a stack trace whole across a block end and still lists each of its lines', () => {
    const trace =
      [
        '2024-03-04 09:15:00.123 ERROR 1 --- [nio-8080-exec-3] o.a.c.c.C.[.[.[/].[dispatcherServlet] : Servlet.service() threw exception',
        'java.lang.NullPointerException: Cannot invoke "com.acme.cart.Item.price()" because "item" is null',
        '\tat com.acme.cart.CartService.total(CartService.java:88)',
        '\tat com.acme.cart.CartController.checkout(CartController.java:41)',
        '2024-03-04 09:15:01.001 INFO 1 --- [nio-8080-exec-4] c.a.cart.CartController : checkout ok',
      ].join('\n') + '\n';
    const whole = run([trace]);
    assert.deepEqual(run([trace], { blockLines: 2 }), whole);
    assert.deepEqual(
      whole.templates.flatMap((t) => t.lines).sort((a, b) => a - b),
      [1, 2, 3, 4, 5],
    );
    const errors = run([trace], { errorsOnly: true });
    const errorLines = errors.templates.flatMap((t) => t.lines);
    assert.ok(errorLines.includes(1), 'the ERROR event, by its first line');
    assert.ok(!errorLines.includes(5), 'the INFO line is no error');
    assert.ok(!errorLines.includes(3) && !errorLines.includes(4), 'stack frames are part of their event, not errors of their own');
  });

  it('numbers lines through several inputs as cat joins them', () => {
    const a = 'job 17 started\njob 18 started\n';
    const b = 'job 19 started\nno trailing newline';
    const r = run([a, b]);
    assert.deepEqual(r.templates.find((t) => t.template === 'job <*> started')?.lines, [1, 2, 3]);
    assert.deepEqual(r.templates.find((t) => t.template === 'no trailing newline')?.lines, [4]);
  });

  it('with errorsOnly keeps only what the engine judges errors', () => {
    const r = run([JOURNAL], { errorsOnly: true });
    assert.equal(r.templates.length, 1);
    assert.deepEqual(r.templates[0].lines, [3, 5, 9]);
  });

  it('says what the template bound dropped, and the counts add up', () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 2
        ? 'heartbeat ok'
        : `${(i * 7919).toString(36).replace(/\d/g, 'q')} ${(i * 104729).toString(36).replace(/\d/g, 'z')} ${(i * 31).toString(36).replace(/\d/g, 'k')}`,
    );
    const r = run([lines.join('\n')], { maxTemplates: 50 });
    assert.ok(r.evicted.templates > 0);
    assert.equal(r.templates.reduce((n, t) => n + t.count, 0) + r.evicted.events, 3000);
    assert.equal(r.templates[0].template, 'heartbeat ok');
    assert.equal(r.templates[0].count, 1500);
  });
});
