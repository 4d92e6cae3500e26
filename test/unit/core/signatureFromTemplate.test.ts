import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { yamlString } from '../../../src/core/authoring/signatureFromTemplate';
import { MAX_SAMPLE_TEXTS, MAX_SAMPLED_LINES, TemplateClusterer } from '../../../src/core/diagnose/templates';
import {
  alignTemplate,
  Catalogue,
  checkExamples,
  clusterHolding,
  findingOnLine,
  diagnoseTexts,
  draftId,
  signatureFromTemplate,
  templateVariables,
  toText,
  type Diagnosis,
  type LogEvent,
  type SignatureDraft,
  type UnknownErrorCluster,
} from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const builtin = shippedCatalogue();
/** No signature: every error line is unmatched (the lines below are about the drafts, not the catalogue). */
const none = new Catalogue([]);
const opts = { defaultYear: 2021 };
const EXAMPLES = path.join(__dirname, '../../../examples');

/** The draft as the validator reads it: one catalogue file, its problems and its examples checked both ways. */
function validate(draft: SignatureDraft): { catalogue: Catalogue; errors: string[] } {
  const catalogue = new Catalogue([{ file: `/ws/.postmortem-lens/patterns/${draft.id}.yaml`, text: draft.yaml }]);
  const errors = [...catalogue.problems.filter((p) => p.level === 'error'), ...checkExamples(catalogue, opts.defaultYear)].map((p) => p.message);
  return { catalogue, errors };
}

const matchesLine = (catalogue: Catalogue, text: string): boolean => diagnoseTexts(catalogue, [{ name: 'line', text }], opts).findings.length > 0;

function draftsOf(d: Diagnosis): { cluster: UnknownErrorCluster; draft: SignatureDraft }[] {
  return d.unknownErrors.map((cluster) => ({
    cluster,
    draft: signatureFromTemplate(
      cluster,
      d.unknownErrors.filter((o) => o !== cluster),
      { taken: (id) => builtin.get(id) !== undefined, ...opts },
    ),
  }));
}

describe('signature from an unmatched error template', () => {
  it('for every cluster of every example incident: a file the validator accepts, whose examples pass both ways', () => {
    let clusters = 0;
    let typed = 0;
    let noMatch = 0;
    for (const ex of fs.readdirSync(EXAMPLES)) {
      const dir = path.join(EXAMPLES, ex);
      const inputs = fs
        .readdirSync(dir)
        .filter((f) => !/^README|expected\.json$/.test(f))
        .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
      for (const { cluster, draft } of draftsOf(diagnoseTexts(builtin, inputs, opts))) {
        clusters++;
        const { catalogue, errors } = validate(draft);
        assert.deepEqual(errors, [], `${ex}: ${cluster.template}\n${draft.yaml}`);
        assert.deepEqual(draft.problems, []);
        assert.equal(catalogue.signatures.length, 1, 'the rule compiles under the linear-time compiler');
        assert.equal(builtin.get(draft.id), undefined, `id ${draft.id} is new`);
        const data = parse(draft.yaml) as { examples: { match: string[]; noMatch?: string[] }; match: string[] };
        // Every example line of the cluster is an example of the file (first line, redacted).
        assert.equal(data.examples.match.length, new Set(cluster.examples.map((e) => e.text.split('\n')[0])).size);
        noMatch += data.examples.noMatch?.length ?? 0;
        if (/\{[a-z]+(:\w+)?\}/.test(data.match[0])) typed++;
      }
    }
    assert.ok(clusters >= 15, `${clusters} clusters`);
    assert.ok(typed >= 5, `${typed} rules with typed captures`);
    assert.ok(noMatch >= clusters, `${noMatch} near-misses`);
  });

  // Lines in the manner of Loghub's datasets (HDFS, OpenSSH, Zookeeper, Hadoop, Spark), written for this test.
  const families: Record<string, (i: number) => string> = {
    hdfs: (i) =>
      `081109 2${String(i).padStart(5, '0')} ${140 + i} WARN dfs.DataNode$DataXceiver: 10.251.${i}.${200 - i}:50010:Got exception while serving blk_-${3_962_001 + i * 7919} to /10.251.${i + 3}.9:`,
    ssh: (i) =>
      `Dec 10 06:${String(10 + i).padStart(2, '0')}:46 LabSZ sshd[${24_200 + i}]: error: Received disconnect from 173.234.${i}.186 port ${49_858 + i}:11: Bye Bye [preauth]`,
    zk: (i) =>
      `2015-07-29 19:04:${String(10 + i).padStart(2, '0')},394 - ERROR [LearnerHandler-/10.10.34.${11 + i}:${52_225 + i}:LearnerHandler@562] - Unexpected exception causing shutdown while sock still open`,
    hadoop: (i) =>
      `2015-10-18 18:05:${String(10 + i).padStart(2, '0')},204 ERROR [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: ERROR IN CONTACTING RM. after ${i + 1} retries in ${(i + 1) * 250}ms`,
    spark: (i) =>
      `17/06/09 20:11:${String(10 + i).padStart(2, '0')} ERROR executor.Executor: Exception in task ${i}.0 in stage ${i + 2}.0 (TID ${100 + i}): java.io.FileNotFoundException /opt/hdfs/nodemanager/usercache/curi/appcache/application_1485248649253_0${i}47/blockmgr-${i}a/0d/shuffle_${i}_0.index`,
    pods: (i) =>
      `Error: failed to start container "app": pod default/web-7f9c${'bcdfghjk'[i % 8]}d${'mnpqrstv'[i % 8]}b-x${'9bcdf'[i % 5]}k${'2345z'[i % 5]}q is in CrashLoopBackOff after ${i + 1}m${(i * 7) % 60}s`,
  };
  const lines = Object.fromEntries(Object.entries(families).map(([k, make]) => [k, Array.from({ length: 7 }, (_, i) => make(i))]));

  it('on Loghub-like lines: each family is one cluster, and its rule matches every line of it and none of its near-misses', () => {
    const names = Object.keys(families);
    // One file per dataset, as Loghub has them; their clusters are listed together.
    const d = diagnoseTexts(
      none,
      names.map((n) => ({ name: `${n}.log`, text: lines[n].join('\n') })),
      opts,
    );
    const drafts = draftsOf(d);
    for (const n of names) {
      const found = drafts.find(({ cluster }) => cluster.examples.some((e) => lines[n].includes(e.text)));
      assert.ok(found, `a cluster for ${n}: ${d.unknownErrors.map((u) => u.template).join('\n')}`);
      assert.equal(found.cluster.count, 7, `${n}: ${found.cluster.template}`);
      const { catalogue, errors } = validate(found.draft);
      assert.deepEqual(errors, [], `${n}:\n${found.draft.yaml}`);
      for (const l of lines[n]) assert.ok(matchesLine(catalogue, l), `${n}: ${found.draft.rule} should match ${l}`);
      const noMatch = (parse(found.draft.yaml) as { examples: { noMatch?: string[] } }).examples.noMatch ?? [];
      assert.ok(noMatch.length > 0, `${n} has near-misses`);
      for (const l of noMatch) assert.ok(!matchesLine(catalogue, l));
    }
    const zk = drafts.find(({ cluster }) => cluster.template.includes('LearnerHandler'))!;
    assert.match(zk.draft.rule, /"Unexpected" "exception" "causing" "shutdown"/);
    const hadoop = drafts.find(({ cluster }) => cluster.template.includes('CONTACTING'))!;
    assert.match(
      hadoop.draft.rule,
      /"after" \{number\} "retries" "in" \{duration\}/,
      hadoop.draft.rule + ' ' + JSON.stringify(hadoop.cluster.variables) + 'numbers and durations become typed captures',
    );
  });

  it('writes no secret, and keeps log text that looks like rule syntax or YAML as plain text', () => {
    const hostile = [
      'ERROR upload failed: key=AKIAIOSFODNN7EXAMPLE secret "a\\"b" {rest} | * WHERE x THEN y WITHIN 5m: #not-a-comment',
      'ERROR upload failed: key=AKIAIOSFODNN7EXAMPLF secret "c\\\\d" {rest} | * WHERE x THEN y WITHIN 5m: #not-a-comment',
      'ERROR upload failed: key=AKIAIOSFODNN7EXAMPLG secret "e" {rest} | * WHERE x THEN y WITHIN 5m: #not-a-comment \u0085\u2028 ok',
    ];
    const other = 'ERROR download failed: 3 retries, giving up';
    const d = diagnoseTexts(none, [{ name: 'hostile.log', text: [...hostile, other].join('\n') }], opts);
    const drafts = draftsOf(d);
    const up = drafts.find(({ cluster }) => cluster.template.includes('upload'));
    assert.ok(up, d.unknownErrors.map((u) => u.template).join('\n'));
    assert.doesNotMatch(up.draft.yaml, /AKIA/, 'the key is redacted everywhere in the file');
    const { catalogue, errors } = validate(up.draft);
    assert.deepEqual(errors, [], up.draft.yaml);
    // The redacted example lines are matched, and so are the real lines with their secrets.
    for (const l of hostile) assert.ok(matchesLine(catalogue, l), `${up.draft.rule} on ${l}`);
    assert.ok(!matchesLine(catalogue, other));
    for (const key of ['id', 'title', 'summary', 'explanation', 'causes', 'checks', 'remediation']) assert.ok(key in (parse(up.draft.yaml) as object), key);
    assert.match(up.draft.yaml, /TODO: what this error means/);
  });

  it('reads a template cut at its length limit, and a template of one varying part only', () => {
    const long = (i: number): string =>
      `ERROR reconcile failed for object ${i}: ${'the controller could not converge because the upstream dependency kept changing '.repeat(4)}`;
    const d = diagnoseTexts(none, [{ name: 'long.log', text: [long(1), long(2), 'ERROR 12345', 'ERROR 67890'].join('\n') }], opts);
    for (const { cluster, draft } of draftsOf(d)) {
      const { errors } = validate(draft);
      assert.deepEqual(errors, [], `${cluster.template}\n${draft.yaml}`);
    }
  });

  it('writes any text as a YAML scalar that reads back the same', () => {
    const hostile = [
      "it's",
      '"quoted" \\ back',
      '# not a comment',
      '- not a list',
      ': colon',
      '{a: 1}',
      '[x]',
      '*alias &anchor !tag',
      '%TAG',
      '@',
      '`',
      'tab\there',
      'nul\u0000',
      'del\u007f c1\u0085',
      'sep\u2028\u2029',
      '\ufeffbom',
      'non\uffff',
      'lone \ud800 high',
      'lone \udc00 low',
      'pair 😀',
      ' lead',
      'trail ',
      '',
      'yes',
      'null',
      '0x1F',
      '1e3',
    ];
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      let t = '';
      for (let j = 0; j < 12; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        t += String.fromCharCode(seed % 0x3000);
      }
      hostile.push(t);
    }
    for (const t of hostile) assert.equal((parse(`k: ${yamlString(t)}\n`) as { k: string }).k, t, JSON.stringify(t));
  });

  it('derives a kebab-case id from the fixed words, unique against the catalogue', () => {
    assert.equal(draftId('Failed to pull image "<*>": rpc error: code = <*>'), 'failed-to-pull-image-rpc-error');
    assert.equal(draftId('<*> <*>'), 'unmatched-error');
    const taken = new Set(['failed-to-pull-image-rpc-error', 'failed-to-pull-image-rpc-error-2']);
    assert.equal(
      draftId('Failed to pull image "<*>": rpc error: code = <*>', (id) => taken.has(id)),
      'failed-to-pull-image-rpc-error-3',
    );
    assert.match(draftId('ÜNICODE ошибка failed on ノード [REDACTED:aws-access-key]'), /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('varying parts of a template', () => {
  it('aligns a line with a template and counts the values of each part, most frequent first', () => {
    assert.deepEqual(alignTemplate('dial tcp <*>: i/o timeout after <*>', 'dial tcp 10.0.0.7:443: i/o timeout after 3s'), ['10.0.0.7:443', '3s']);
    assert.equal(alignTemplate('dial tcp <*>: i/o timeout', 'dial udp 10.0.0.7:53: i/o timeout'), null);
    assert.equal(alignTemplate('<*><*> x', 'ab x'), null, 'two parts side by side are not guessed');
    const samples = new Map([
      ['pull "a:1" failed: <nil>', 3],
      ['pull "b:2" failed: EOF', 1],
      ['pull "a:1" failed: EOF', 2],
      ['unrelated', 5],
    ]);
    const { variables, lines } = templateVariables('pull "<*>" failed: <*>', samples);
    assert.equal(lines, 6, 'the unrelated line is not counted');
    assert.deepEqual(variables[0].values, [
      { value: 'a:1', count: 5 },
      { value: 'b:2', count: 1 },
    ]);
    assert.deepEqual(variables[1].values, [
      { value: '<nil>', count: 3 },
      { value: 'EOF', count: 3 },
    ]);
  });

  it('keeps a bounded list and counts the rest, on hostile lines (repeats, huge values) in one pass each', () => {
    const samples = new Map<string, number>();
    for (let i = 0; i < 40; i++) samples.set(`x ${'y'.repeat(i)}${i} z`, 1);
    samples.set(`x ${'z '.repeat(50_000)}z`, 1);
    const { variables, lines } = templateVariables('x <*> z', samples);
    assert.equal(lines, 41);
    assert.equal(variables[0].values.length, 10);
    assert.equal(variables[0].other, 31);
    assert.ok(variables[0].values.every((v) => v.value.length <= 120));
  });

  it('find the cluster of a log line by its examples or its text after the header, and never for a finding', () => {
    const text = [
      'I0304 10:15:00.000000 1 a.go:1] starting',
      ...[17, 4, 9, 22].map((n, i) => `E0304 10:15:0${i + 1}.000000 1 ledger.go:311] ledger shard ${n} refused checkpoint: quorum lost`),
    ].join('\n');
    const d = diagnoseTexts(none, [{ name: 'ledger.log', text }], opts);
    const lines = text.split('\n');
    const u = d.unknownErrors[0];
    assert.equal(clusterHolding(d.unknownErrors, 0, 2, lines[1]), u, 'an example line');
    assert.equal(clusterHolding(d.unknownErrors, 0, 5, lines[4]), u, 'a line past the examples, by its text');
    assert.equal(clusterHolding(d.unknownErrors, 0, 1, lines[0]), undefined);
    assert.equal(clusterHolding(d.unknownErrors, 0, 9, 'x '.repeat(100_000)), undefined, 'a huge line: no match, bounded work');
    const finding = { signatureId: 'ledger', occurrences: [{ input: 0, line: 2, endLine: 3 }] } as unknown as Diagnosis['findings'][number];
    assert.equal(findingOnLine([finding], 0, 3), 'ledger');
    assert.equal(findingOnLine([finding], 0, 4), undefined);
    assert.equal(findingOnLine([finding], 1, 2), undefined);
  });

  it('are read from a bounded sample of each template: its first lines, a few distinct texts', () => {
    const clusterer = new TemplateClusterer();
    const ev = (message: string, line: number): LogEvent => ({
      input: 0,
      line,
      endLine: line,
      kind: 'plain',
      timestamp: null,
      message,
      text: message,
      refs: {},
    });
    for (let i = 0; i < 5_000; i++) clusterer.add(ev(`ERROR disk ${i} failed`, i + 1), 'error');
    for (let i = 0; i < 5_000; i++) clusterer.add(ev('ERROR fan 7 failed', i + 1), 'error');
    const [distinct, same] = clusterer.records();
    assert.equal(distinct.samples.size, MAX_SAMPLE_TEXTS);
    assert.equal(distinct.sampled, MAX_SAMPLE_TEXTS, 'a new text past the bound is not sampled');
    assert.deepEqual([...same.samples], [['ERROR fan 7 failed', MAX_SAMPLED_LINES]]);
    const listed = diagnoseTexts(none, [{ name: 'disks.log', text: Array.from({ length: 300 }, (_, i) => `ERROR disk ${i} failed`).join('\n') }], opts)
      .unknownErrors[0];
    assert.equal(listed.count, 300);
    assert.equal(listed.sampledLines, MAX_SAMPLE_TEXTS);
    assert.match(
      toText(diagnoseTexts(none, [{ name: 'disks.log', text: Array.from({ length: 300 }, (_, i) => `ERROR disk ${i} failed`).join('\n') }], opts), none, {
        color: false,
      }),
      new RegExp(`\\(in ${MAX_SAMPLE_TEXTS} of 300 lines\\)`),
    );
  });

  it('are in the diagnosis, its JSON and its text output', () => {
    const text = [
      'ERROR dial tcp 10.0.0.7:443: connect: connection refused',
      'ERROR dial tcp 10.0.0.7:443: connect: connection refused',
      'ERROR dial tcp 10.0.0.9:8443: connect: connection refused',
    ].join('\n');
    const d = diagnoseTexts(none, [{ name: 'dial.log', text }], opts);
    const u = d.unknownErrors[0];
    assert.equal(u.sampledLines, 3);
    assert.deepEqual(
      u.variables.map((v) => v.values),
      [
        [
          { value: '10.0.0.7:443', count: 2 },
          { value: '10.0.0.9:8443', count: 1 },
        ],
      ],
    );
    assert.match(toText(d, builtin, { color: false }), /varying: <\*>1 10\.0\.0\.7:443 ×2, 10\.0\.0\.9:8443 ×1/);
  });
});
