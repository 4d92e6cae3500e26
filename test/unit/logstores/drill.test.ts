/**
 * Drill-down from a fleet row to one group, as the CLI's drill-down line and the editor's Fleet view build
 * it: for Loki (`lokiDrillQuery`) every query parses as LogQL and the fake Loki (the documented API)
 * selects exactly that group's stream, whatever the group's value is (lokiFleet.test.ts has the rest);
 * the ClickHouse condition (`clickhouseGroupWhere`) keeps the user's condition whole, comments included.
 */
import { strict as assert } from 'node:assert';
import { clickhouseGroupWhere, lokiDrillQuery } from '../../../src/core';
import { LokiFake, logqlParses, type FakeStream } from './lokiFake';

describe('drill-down to one group', () => {
  const hostile = ['node-7', '', 'it\'s "odd" \\ {x}', 'tab\there', 'bell\u0007', 'ünïcode-節点'];

  it("Loki: the narrowed query reads exactly the group's stream from a server of the documented API", async () => {
    const streams: FakeStream[] = hostile.map((node, i) => ({
      labels: (node === '' ? { job: 'j' } : { job: 'j', node }) as Record<string, string>,
      entries: [[BigInt(i + 1), `line of ${i}`] as [bigint, string]],
    }));
    const fake = await new LokiFake(streams).start();
    try {
      for (const [i, node] of hostile.entries()) {
        const q = lokiDrillQuery('{job="j"}', ['node'], node, new Set([node === '' ? -1 : 0]));
        assert.ok(logqlParses(q), q);
        const res = await fetch(
          `${fake.url}/loki/api/v1/query_range?${new URLSearchParams({ query: q, start: '0', end: '100', limit: '10', direction: 'forward' })}`,
        );
        assert.equal(res.status, 200, q);
        const body = (await res.json()) as { data: { result: { values: [string, string][] }[] } };
        assert.deepEqual(
          body.data.result.flatMap((s) => s.values.map((v) => v[1])),
          [`line of ${i}`],
          q,
        );
      }
    } finally {
      await fake.stop();
    }
  });

  it("ClickHouse: the user's condition whole (a comment on lines of its own), ANDed with the group key", () => {
    assert.equal(clickhouseGroupWhere(undefined, 'service', 'kubelet'), "ServiceName = 'kubelet'");
    assert.equal(clickhouseGroupWhere('a = 1 OR b = 2', 'service', "it's"), "(a = 1 OR b = 2) AND ServiceName = 'it\\'s'");
    assert.equal(clickhouseGroupWhere('a = 1 -- mine', 'service', 'x'), "(\na = 1 -- mine\n) AND ServiceName = 'x'");
    assert.match(clickhouseGroupWhere('  ', 'pod', 'p\u0007'), /^ResourceAttributes\['k8s\.pod\.name'\] = 'p\\x07'$/);
  });
});
