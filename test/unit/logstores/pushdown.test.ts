import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser as logqlParser } from '@grafana/lezer-logql';
import {
  Catalogue,
  clickhouseConditions,
  ERROR_WORDS,
  logqlLineFilters,
  pushdownFilter,
  type ClickHouseConditions,
  type PushdownFilter,
} from '../../../src/core';
import { LiteralPrefilter } from '../../../src/core/match/prefilter';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import { ChdbLogs } from './chdbTable';
import { re2 } from './re2Cache';
import { shippedCatalogue } from '../shippedCatalogue';

const ROOT = join(__dirname, '..', '..', '..');
const catalogue = shippedCatalogue();
const filter = pushdownFilter(catalogue);

/** The regex inside one generated `|~ "..."` stage, read back as Go would unquote it. */
function regexOf(stage: string): string {
  const m = /^\|~ ("(?:[^"\\]|\\.)*")$/.exec(stage);
  assert.ok(m, stage.slice(0, 80));
  return m[1].slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e));
}

/** Does the LogQL filter (any of its stages) accept the line, on RE2 as Loki runs it? */
function logqlAccepts(stages: readonly string[]): (line: string) => boolean {
  const res = stages.map((s) => re2(regexOf(s)));
  return (line) => res.some((r) => r.test(line));
}

/** Lines the store filter accepts, on chDB: the row numbers of `lines` loaded as bodies. */
function clickhouseAccepted(db: ChdbLogs, lines: readonly string[], c: ClickHouseConditions): Set<number> {
  db.session.query(`TRUNCATE TABLE ${db.table}`);
  db.load(lines.map((Body, i) => ({ Timestamp: '2026-01-01 00:00:00', ServiceName: String(i), Body })));
  const conds = [...c.literals, ...c.errorWords];
  const where = conds.length ? conds.map((x) => `(${x})`).join(' OR ') : '1';
  return new Set(db.rows<{ ServiceName: string }>(`SELECT ServiceName FROM ${db.table} WHERE ${where}`).map((r) => Number(r.ServiceName)));
}

/** Every line of the example incidents. */
function incidentLines(): string[] {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir).flatMap((inc) =>
    readdirSync(join(dir, inc))
      .filter((f) => !/\.(md|json)$/.test(f) || f.endsWith('.json.log'))
      .flatMap((f) => readFileSync(join(dir, inc, f), 'utf8').split(/\r?\n/)),
  );
}

describe('log-store pushdown of the prefilter', function () {
  this.timeout(120_000);
  let db: ChdbLogs;
  before(() => {
    db = new ChdbLogs('pushdown');
  });
  after(() => db.close());

  it('takes every literal of the catalogue and the error words, with no step left unfiltered', () => {
    assert.deepEqual(filter.unfiltered, []);
    assert.deepEqual([...filter.literals, ...filter.errorWords].sort(), [...new Set(catalogue.prefilter.literals)].sort());
    // An error word that is a rule's literal too is fetched with context, as a literal: in one list only.
    assert.ok(filter.errorWords.includes('error') && ERROR_WORDS.every((w) => filter.literals.includes(w) !== filter.errorWords.includes(w)));
    assert.ok(filter.context.before >= 30 && filter.context.after >= 60, JSON.stringify(filter.context));
  });

  it('LogQL: every example line of every signature passes the pushed-down filter on RE2', () => {
    const stages = logqlLineFilters(filter);
    assert.ok(stages.length > 1, 'the catalogue needs several groups under the default size');
    const accepts = logqlAccepts(stages);
    // A cross-line check's examples are tables, found by the check, not by literals (their `match` is empty).
    const missed = catalogue.signatures
      .filter((s) => s.match.length > 0)
      .flatMap((s) => s.signature.examples.match.filter((e) => !accepts(e.text)).map((e) => `${s.signature.id}: ${e.text.slice(0, 100)}`));
    assert.deepEqual(missed, []);
  });

  it('ClickHouse: every example line of every signature passes the pushed-down filter on chDB', () => {
    const examples = catalogue.signatures
      .filter((s) => s.match.length > 0)
      .flatMap((s) => s.signature.examples.match.map((e) => ({ id: s.signature.id, text: e.text })));
    const got = clickhouseAccepted(
      db,
      examples.map((e) => e.text),
      clickhouseConditions(filter),
    );
    assert.deepEqual(
      examples.filter((_, i) => !got.has(i)).map((e) => `${e.id}: ${e.text.slice(0, 100)}`),
      [],
    );
  });

  it('ClickHouse accepts exactly the incident lines the local prefilter hands on; LogQL at least those', () => {
    const lines = incidentLines();
    const local = new Set(lines.map((l, i) => (catalogue.prefilter.find(l).size > 0 ? i : -1)).filter((i) => i >= 0));
    assert.ok(local.size > 100 && local.size < lines.length, `${local.size} of ${lines.length} lines are candidates`);
    assert.deepEqual(
      [...clickhouseAccepted(db, lines, clickhouseConditions(filter))].sort((a, b) => a - b),
      [...local].sort((a, b) => a - b),
    );
    const accepts = logqlAccepts(logqlLineFilters(filter));
    assert.deepEqual(
      [...local].filter((i) => !accepts(lines[i])),
      [],
    );
  });

  describe('hostile literals (a user catalogue can hold any text)', () => {
    const lits = [
      `it's`,
      'back\\slash',
      'say "hi"',
      'a|b',
      '(x)+[y]{2}',
      '^$.*?',
      '" 504 ',
      'tab\tin',
      'nul\u0000x',
      'ünïcödé straße',
      '`tick`',
      '${x}',
      "'; drop table otel_logs; --",
    ].map((l) => l.toLowerCase().replace(/\s+/g, ' '));
    const hostile: PushdownFilter = { literals: lits, errorWords: [], unfiltered: [], context: { before: 0, after: 0 } };
    // Each literal's text in a line, with case and whitespace runs changed as the prefilter allows, and a near miss.
    const hits = lits.map((l) => `prefix ${l.replace(/ /g, ' \t  ').replace(/[a-z]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c))} suffix`);
    const misses = lits.map((l) => `prefix ${l.slice(0, -2)}~${l.slice(-1)} suffix`);

    it('the local prefilter agrees with the test lines', () => {
      const pf = new LiteralPrefilter(lits);
      assert.deepEqual(
        hits.filter((h) => pf.find(h).size === 0),
        [],
      );
      assert.deepEqual(
        misses.filter((m) => pf.find(m).size > 0),
        [],
      );
    });

    it('ClickHouse: accepts each, rejects the near misses, and the table survives', () => {
      const conds = clickhouseConditions(hostile);
      const got = clickhouseAccepted(db, [...hits, ...misses], conds);
      assert.deepEqual(
        [...got].sort((a, b) => a - b),
        hits.map((_, i) => i),
      );
    });

    it('LogQL: accepts each on RE2, rejects the near misses, and every query parses as LogQL', () => {
      const stages = logqlLineFilters(hostile, { maxFilterChars: 60 });
      assert.ok(stages.length > 3, 'small groups');
      const accepts = logqlAccepts(stages);
      assert.deepEqual(
        hits.filter((h) => !accepts(h)),
        [],
      );
      assert.deepEqual(
        misses.filter((m) => accepts(m)),
        [],
      );
      for (const s of stages) {
        const q = `{app="x"} ${s}`;
        let error = false;
        logqlParser.parse(q).iterate({
          enter: (n) => {
            if (n.type.isError) error = true;
          },
        });
        assert.ok(!error, `LogQL parse error in ${q}`);
      }
    });
  });

  it('groups stay within the size bound, and together hold every literal once', () => {
    const alternatives = (re: string): number => re.slice(4).split(/(?<!\\)\|/).length;
    const c = clickhouseConditions(filter, 'Body', { maxFilterChars: 2000 });
    let count = 0;
    for (const cond of [...c.literals, ...c.errorWords]) {
      assert.ok(cond.length <= 2000, `${cond.length} chars`);
      const m = /^match\(Body, '((?:[^'\\]|\\.)*)'\)$/.exec(cond);
      assert.ok(m, cond.slice(0, 80));
      count += alternatives(m[1].replace(/\\(.)/g, '$1'));
    }
    assert.ok(c.literals.length > 5);
    assert.equal(count, filter.literals.length + filter.errorWords.length);
    const stages = logqlLineFilters(filter, { maxFilterChars: 2000 });
    for (const s of stages) assert.ok(s.length <= 2000, `${s.length} chars`);
    assert.equal(
      stages.reduce((n, s) => n + alternatives(regexOf(s)), 0),
      filter.literals.length + filter.errorWords.length,
    );
  });

  it('a step with no literal makes every line a candidate, naming its signature, never silence', () => {
    const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');
    // The same signature with a rule of one capture: no literal to push down.
    const yaml = fixture.replace(/^id: .*$/m, 'id: any-number').replace(/^match:\n(?: {2}- .*\n)+/m, "match:\n  - '{number:n} retries'\n  - '{number:n}'\n");
    const c = new Catalogue([...catalogueFiles(builtinCatalogueDir(), true), { file: '/u/any-number.yaml', text: yaml }]);
    assert.deepEqual(
      c.problems.filter((p) => p.level === 'error'),
      [],
    );
    const f = pushdownFilter(c);
    assert.deepEqual(f.unfiltered, ['any-number']);
    assert.deepEqual(clickhouseConditions(f), { literals: [], errorWords: [] });
    assert.deepEqual(logqlLineFilters(f), []);
  });
});
