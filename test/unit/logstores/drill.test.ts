/**
 * Drill-down from a fleet row to one group (core/logstore/drill.ts), as the CLI's drill-down line and the
 * editor's Fleet view build it: the Loki selector gains the group's label, whatever the selector's strings
 * hold (braces, quotes, escapes) and whatever the group's value is; every query parses as LogQL and the
 * fake Loki (the documented API) selects exactly that group's stream. The ClickHouse condition keeps the
 * user's condition whole, comments included.
 */
import { strict as assert } from 'node:assert';
import { clickhouseGroupWhere, lokiGroupQuery } from '../../../src/core';
import { LokiFake, logqlParses, type FakeStream } from './lokiFake';

describe('drill-down to one group', () => {
  const hostile = ['node-7', '', 'it\'s "odd" \\ {x}', 'tab\there', 'bell\u0007', 'ünïcode-節点'];

  it('Loki: the label joins the selector; the pipeline after it is kept; each query parses as LogQL', () => {
    assert.equal(lokiGroupQuery('{job="systemd-journal"}', 'node', 'n1'), '{job="systemd-journal", node="n1"}');
    assert.equal(lokiGroupQuery('  {app=~"a|{b}", x!="}"} |= "}" | json', 'host', 'h'), '  {app=~"a|{b}", x!="}", host="h"} |= "}" | json');
    assert.equal(lokiGroupQuery('{msg=`raw } brace`}', 'pod', 'p'), '{msg=`raw } brace`, pod="p"}');
    assert.equal(lokiGroupQuery('{a="q\\"}"}', 'pod', 'p'), '{a="q\\"}", pod="p"}');
    for (const g of hostile) {
      const q = lokiGroupQuery('{job="j"} |~ "(?i)error"', 'node', g);
      assert.ok(logqlParses(q), q);
    }
  });

  it('Loki: a label Loki refuses, or a query without a closed selector, is an error, not a wrong query', () => {
    assert.throws(() => lokiGroupQuery('{job="j"}', 'k8s.node', 'x'), /not a Loki label name/);
    assert.throws(() => lokiGroupQuery('{job="j"}', 'node"} or {x="', 'x'), /not a Loki label name/);
    assert.throws(() => lokiGroupQuery('sum(rate({job="j"}[5m]))', 'node', 'x'), /no stream selector/);
    assert.throws(() => lokiGroupQuery('{job="}', 'node', 'x'), /not closed/);
  });

  it('Loki: the narrowed query reads exactly the group\'s stream from a server of the documented API', async () => {
    const streams: FakeStream[] = hostile.map((node, i) => ({ labels: (node === '' ? { job: 'j' } : { job: 'j', node }) as Record<string, string>, entries: [[BigInt(i + 1), `line of ${i}`] as [bigint, string]] }));
    const fake = await new LokiFake(streams).start();
    try {
      for (const [i, node] of hostile.entries()) {
        const q = lokiGroupQuery('{job="j"}', 'node', node);
        const res = await fetch(`${fake.url}/loki/api/v1/query_range?${new URLSearchParams({ query: q, start: '0', end: '100', limit: '10', direction: 'forward' })}`);
        assert.equal(res.status, 200, q);
        const body = await res.json() as { data: { result: { values: [string, string][] }[] } };
        assert.deepEqual(body.data.result.flatMap((s) => s.values.map((v) => v[1])), [`line of ${i}`], q);
      }
    } finally {
      await fake.stop();
    }
  });

  it('ClickHouse: the user\'s condition whole (a comment on lines of its own), ANDed with the group key', () => {
    assert.equal(clickhouseGroupWhere(undefined, 'service', 'kubelet'), "ServiceName = 'kubelet'");
    assert.equal(clickhouseGroupWhere("a = 1 OR b = 2", 'service', "it's"), "(a = 1 OR b = 2) AND ServiceName = 'it\\'s'");
    assert.equal(clickhouseGroupWhere('a = 1 -- mine', 'service', 'x'), "(\na = 1 -- mine\n) AND ServiceName = 'x'");
    assert.match(clickhouseGroupWhere('  ', 'pod', 'p\u0007'), /^ResourceAttributes\['k8s\.pod\.name'\] = 'p\\x07'$/);
  });
});
