import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { dockerJsonGrammar } from '../../../grammars/dockerJson';
import { journaldGrammar } from '../../../grammars/journald';
import { journaldJsonGrammar } from '../../../grammars/journaldJson';
import { jsonLinesGrammar } from '../../../grammars/jsonLines';
import { parseJsonLine } from '../../../grammars/jsonLines/jsonLinesParser';
import { segmentLines } from '../../../src/core';

const ROOT = join(__dirname, '..', '..', '..');
const events = (lines: string[]) => assembleEvents(lines, jsonLinesGrammar, newContext(2024, 0));

describe('grammar: json-lines', () => {
  it('detects JSON log objects and leaves journal exports and docker json-file lines to their kinds', () => {
    assert.equal(jsonLinesGrammar.detect('{"level":"error","ts":1714557600.1,"msg":"x"}'), 2);
    assert.equal(jsonLinesGrammar.detect('{"time":"2024-05-01T10:00:00Z","level":"ERROR","msg":"x"}'), 2);
    assert.equal(jsonLinesGrammar.detect('  {"@timestamp":"2024-05-01T10:00:00Z","message":"x"}'), 2);
    assert.equal(jsonLinesGrammar.detect('{"msg":"no level or time"}'), 1);
    assert.equal(jsonLinesGrammar.detect('{"name":"postmortem-lens","version":"0.1.0"}'), 0);
    assert.equal(jsonLinesGrammar.detect('{'), 0);
    assert.equal(jsonLinesGrammar.detect(''), 0);
    const docker = '{"log":"{\\"level\\":\\"error\\",\\"msg\\":\\"x\\"}\\n","stream":"stderr","time":"2021-04-13T10:15:02Z"}';
    assert.equal(jsonLinesGrammar.detect(docker), 0);
    const journal = '{"_SYSTEMD_UNIT":"etcd.service","PRIORITY":"4","MESSAGE":"{\\"level\\":\\"warn\\",\\"msg\\":\\"x\\"}","time":"x"}';
    // Where a line has both shapes the earlier kind keeps it: segments never change hands.
    for (const [line, kind] of [
      [docker, 'docker-json'],
      [journal, 'journald-json'],
    ] as const) {
      assert.deepEqual(
        segmentLines([line, line]).map((s) => s.kind),
        [kind],
      );
    }
    assert.ok(dockerJsonGrammar.detect(docker) >= 2 && journaldJsonGrammar.detect(journal) >= 2);
  });

  it('writes the message as klog writes structured text: msg, then key="value" pairs, objects as namespace/name', () => {
    const [e] = events([
      '{"ts":1790873867001.512,"caller":"prober/prober.go:107","msg":"Probe failed","v":0,"probeType":"Liveness","pod":{"name":"web-1","namespace":"shop"},"output":"HTTP probe failed with statuscode: 500","n":3,"ok":false,"tags":["a"]}',
    ]);
    assert.equal(e.message, 'Probe failed probeType="Liveness" pod="shop/web-1" output="HTTP probe failed with statuscode: 500" n=3 ok=false tags=["a"]');
    assert.equal(e.timestamp, 1790873867001);
    assert.equal(e.severity, 'info');
    assert.deepEqual([e.refs.namespace, e.refs.pod], ['shop', 'web-1']);
    assert.equal(e.fields?.caller, 'prober/prober.go:107');
  });

  it('reads levels and times of zap, klog, etcd, slog, pino and ECS', () => {
    const evs = events([
      '{"level":"dpanic","ts":1714557600.5,"msg":"a"}',
      '{"ts":1714557600123.4,"msg":"b","err":"x"}',
      '{"level":"warn","ts":"2023-11-24T19:06:42.88814Z","msg":"c"}',
      '{"time":"2024-05-01T12:00:00+02:00","level":"WARN","msg":"d"}',
      '{"level":40,"time":1714557600123,"msg":"e"}',
      '{"@timestamp":"2024-05-01T10:00:00.000Z","log.level":"error","message":"f"}',
      '{"severity":"CRITICAL","timestamp":"2024-05-01T10:00:00Z","message":"g"}',
      '{"level":"info","ts":1714557600123456789,"msg":"h"}',
    ]);
    assert.deepEqual(
      evs.map((e) => e.severity ?? null),
      ['critical', 'error', 'warning', 'warning', 'warning', 'error', 'critical', 'info'],
    );
    assert.deepEqual(
      evs.map((e) => e.timestamp),
      [
        1714557600500,
        1714557600123,
        Date.UTC(2023, 10, 24, 19, 6, 42, 888),
        Date.UTC(2024, 4, 1, 10),
        1714557600123,
        Date.UTC(2024, 4, 1, 10),
        Date.UTC(2024, 4, 1, 10),
        1714557600123,
      ],
    );
    assert.equal(evs[1].message, 'b err="x"');
  });

  it('returns broken JSON as an error, never an exception, and keeps the raw line with what could be salvaged', () => {
    const cut = '{"level":"error","ts":"2024-05-01T10:00:00Z","msg":"connection reset by pe';
    const p = parseJsonLine(cut);
    assert.ok(p.error);
    assert.deepEqual(p.value, { level: 'error', ts: '2024-05-01T10:00:00Z' });
    const [e] = events([cut]);
    assert.equal(e.message, cut);
    assert.equal(e.severity, 'error');
    assert.equal(e.fields?.truncated, 'true');
    for (const hostile of [
      '{',
      '{"msg":',
      '{"msg":"\\u12"}',
      '[1,2]',
      'null',
      '{"msg":"x"}}',
      '{"a":' + '['.repeat(10_000),
      '{"msg":"' + 'z'.repeat(200_000) + '"}',
    ]) {
      const h = jsonLinesGrammar.parseHead(hostile, newContext(2024, 0));
      assert.ok(h !== null && typeof h.message === 'string', hostile.slice(0, 30));
    }
  });

  it('keeps non-JSON lines: a Go panic after the last JSON line is one event', () => {
    const evs = events([
      '{"level":"info","msg":"ok"}',
      'panic: assignment to entry in nil map',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/app/main.go:9 +0x1d',
      'Flag --x has been deprecated',
    ]);
    assert.deepEqual(
      evs.map((e) => [e.line, e.endLine]),
      [
        [1, 1],
        [2, 6],
        [7, 7],
      ],
    );
    assert.equal(evs[1].severity, 'critical');
  });

  it('reads a JSON log object written through the journal as its own message, level and fields', () => {
    const line =
      'Nov 24 19:06:42 microshift01.ocp.corp microshift[2586]: {"level":"warn","ts":"2023-11-24T19:06:42.88814Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"712.966862ms","expected-duration":"100ms"}';
    const h = journaldGrammar.parseHead(line, newContext(2023, 0));
    assert.equal(h?.message, 'apply request took too long took="712.966862ms" expected-duration="100ms"');
    assert.equal(h?.severity, 'warning');
    assert.equal(h?.fields?.caller, 'etcdserver/util.go:170');
    assert.equal(h?.source, 'microshift');
    // A cut object stays the journal's plain message.
    const cut = journaldGrammar.parseHead('Nov 24 19:06:42 n1 etcd[1]: {"level":"warn","msg":"apply req', newContext(2023, 0));
    assert.equal(cut?.message, '{"level":"warn","msg":"apply req');
  });

  it('lets existing signatures find JSON-wrapped etcd and kubelet messages (built CLI)', function () {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) this.skip();
    const run = (file: string) =>
      JSON.parse(
        execFileSync(process.execPath, [cli, 'diagnose', '--format', 'json', join(ROOT, 'test', 'fixtures', 'logs', 'json-lines', file)], { encoding: 'utf8' }),
      ) as { findings: { signatureId: string; occurrences: { line: number }[] }[] };
    const etcd = run('etcd-slow-apply.log').findings.find((f) => f.signatureId === 'etcd-slow-or-unavailable');
    // 112 ms is under the rule's 500 ms; 901 ms is over it.
    assert.deepEqual(
      etcd?.occurrences.map((o) => o.line),
      [3],
    );
    const kubelet = run('kubelet-json.log').findings.map((f) => f.signatureId);
    for (const id of ['probe-failure', 'pod-evicted-disk-pressure', 'crash-loop-backoff']) assert.ok(kubelet.includes(id), `${id} in ${kubelet.join(', ')}`);
  });
});
