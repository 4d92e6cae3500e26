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
  re2Literal,
  re2Pair,
  substringMinimal,
  type ClickHouseConditions,
  type PushdownFilter,
} from '../../../src/core';
import { LiteralPrefilter } from '../../../src/core/match/prefilter';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import { queryParts, type QueryPart } from '../../../src/logstores/clickhouseSource';
import { localCandidates } from './pushdownMeaning';
import { ChdbLogs } from './chdbTable';
import { withRe2 } from './re2Cache';
import { shippedCatalogue } from '../shippedCatalogue';
import { WRAPPINGS } from '../core/wrappings';

const ROOT = join(__dirname, '..', '..', '..');
const catalogue = shippedCatalogue();
const filter = pushdownFilter(catalogue);

/** The regexes of one generated filter's `|~ "..."` stages (a guard, then a group of pairs; or one), read back as Go would unquote them. */
function regexesOf(filter: string): string[] {
  assert.match(filter, /^\|~ "(?:[^"\\]|\\.)*"(?: \|~ "(?:[^"\\]|\\.)*")?$/, filter.slice(0, 80));
  return [...filter.matchAll(/\|~ ("(?:[^"\\]|\\.)*")/g)].map((m) =>
    m[1].slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e)),
  );
}

/** The last stage's regex: the one holding the filter's alternatives. */
const regexOf = (filter: string): string => regexesOf(filter).at(-1)!;

/**
 * Which of `lines` the LogQL filters accept (a line passing every stage of one filter), on RE2 as Loki
 * runs it: each regex compiled once, run over the lines still in, and freed (re2-wasm's fixed heap would not hold them all).
 */
function logqlAccepted(filters: readonly string[], lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const f of filters) {
    let alive = lines.map((_, i) => i).filter((i) => !out.has(i));
    for (const re of regexesOf(f)) alive = withRe2(re, (r) => alive.filter((i) => r.test(lines[i])));
    for (const i of alive) out.add(i);
  }
  return out;
}

/** Lines the store filter accepts, on chDB: the row numbers of `lines` loaded as bodies. */
function clickhouseAccepted(db: ChdbLogs, lines: readonly string[], c: ClickHouseConditions): Set<number> {
  db.session.query(`TRUNCATE TABLE ${db.table}`);
  db.load(lines.map((Body, i) => ({ Timestamp: '2026-01-01 00:00:00', ServiceName: String(i), Body })));
  const conds = [...c.literals, ...c.errorWords];
  const where = conds.length ? conds.map((x) => `(${x})`).join(' OR ') : '1';
  // Every condition in one query, to judge the filter as a whole: longer than ClickHouse's default
  // max_query_size with the shipped catalogue (the CLI packs it into queries under the bound instead).
  db.session.query('SET max_query_size = 4194304', 'CSV');
  try {
    return new Set(db.rows<{ ServiceName: string }>(`SELECT ServiceName FROM ${db.table} WHERE ${where}`).map((r) => Number(r.ServiceName)));
  } finally {
    db.session.query('SET max_query_size = 262144', 'CSV');
  }
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

  it('takes every literal of the catalogue (alone or paired) and the error words, with no step left unfiltered', () => {
    assert.deepEqual(filter.unfiltered, []);
    const paired = new Set(filter.pairs.map((p) => p.literal));
    assert.deepEqual([...new Set([...filter.literals, ...paired, ...filter.errorWords])].sort(), [...new Set(catalogue.prefilter.literals)].sort());
    assert.deepEqual(
      filter.literals.filter((l) => paired.has(l)),
      [],
    );
    // An error word that is a rule's literal too is fetched with context, as a literal: in one list only.
    assert.ok(filter.errorWords.includes('error') && ERROR_WORDS.every((w) => filter.literals.includes(w) !== filter.errorWords.includes(w)));
    // The literals that selected most rows of the fleet corpus (bench/fleetLiterals.mjs) select a line only with another.
    for (const weak of ['kubelet.go:', 'configmap', 'pullimage', 'tests run:', 'sh:', 'volumes', 'not found', 'resource'])
      assert.ok(paired.has(weak) && !filter.literals.includes(weak), weak);
    assert.ok(filter.context.before >= 30 && filter.context.after >= 60, JSON.stringify(filter.context));
  });

  it('LogQL: every example line of every signature passes the pushed-down filter on RE2', () => {
    const stages = logqlLineFilters(filter);
    assert.ok(stages.length > 1, 'the catalogue needs several groups under the default size');
    // A cross-line check's examples are tables, found by the check, not by literals (their `match` is empty).
    const examples = catalogue.signatures
      .filter((s) => s.match.length > 0)
      .flatMap((s) => s.signature.examples.match.map((e) => ({ id: s.signature.id, text: e.text })));
    const accepted = logqlAccepted(
      stages,
      examples.map((e) => e.text),
    );
    assert.deepEqual(
      examples.filter((_, i) => !accepted.has(i)).map((e) => `${e.id}: ${e.text.slice(0, 100)}`),
      [],
    );
    // A multi-line example is several records in a store: one of its lines must be a candidate (the rest come as its context).
    const multi = examples.filter((e) => e.text.includes('\n'));
    const lines = multi.map((e) => e.text.split('\n'));
    const acceptedLines = logqlAccepted(stages, lines.flat());
    let at = 0;
    const missed = multi.filter((_, k) => {
      const from = at;
      at += lines[k].length;
      return !lines[k].some((_l, j) => acceptedLines.has(from + j));
    });
    assert.ok(multi.length > 5, `${multi.length} multi-line examples`);
    assert.deepEqual(
      missed.map((e) => `${e.id}: ${e.text.slice(0, 160)}`),
      [],
    );
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

  it('ClickHouse accepts exactly the incident lines the filter means (by the local prefilter); LogQL at least those', () => {
    const lines = incidentLines();
    const local = new Set(localCandidates(filter, lines));
    const prefilter = lines.filter((l) => catalogue.prefilter.find(l).size > 0).length;
    assert.ok(local.size > 100 && local.size < prefilter, `${local.size} of ${lines.length} lines are candidates, ${prefilter} hold a literal`);
    assert.deepEqual(
      [...clickhouseAccepted(db, lines, clickhouseConditions(filter))].sort((a, b) => a - b),
      [...local].sort((a, b) => a - b),
    );
    const accepted = logqlAccepted(logqlLineFilters(filter), lines);
    assert.deepEqual(
      [...local].filter((i) => !accepted.has(i)).map((i) => lines[i]),
      [],
    );
  });

  it('both stores accept exactly the lines the filter means when the examples are wrapped (JSON, klog, logrus quoting)', () => {
    // The prefilter reads through quotes and escapes between words (prefilter.ts); so must the pushed-down filter.
    const lines = catalogue.signatures
      .filter((s) => s.match.length > 0)
      .flatMap((s) => s.signature.examples.match.flatMap((e) => WRAPPINGS.map((w) => w.wrap(e.text))));
    const local = localCandidates(filter, lines);
    assert.equal(local.length, lines.length, 'every wrapped example is a candidate');
    assert.ok(lines.filter((l) => /\\["\\nt]/.test(l)).length > 1000, 'many examples hold escapes once wrapped');
    assert.deepEqual(
      [...clickhouseAccepted(db, lines, clickhouseConditions(filter))].sort((a, b) => a - b),
      local,
    );
    const logql = logqlAccepted(logqlLineFilters(filter), lines);
    assert.deepEqual(
      local.filter((i) => !logql.has(i)).map((i) => lines[i].slice(0, 160)),
      [],
    );
  });

  describe('separators between the words of a phrase, as the prefilter reads them', () => {
    // Phrases of the catalogue whose words start with an escape's letter or not, and a few of one letter.
    const phrases = [
      ...new Set([
        ...filter.literals.filter((l) => / [ntrfb]/.test(l.trim())).slice(0, 6),
        ...filter.literals.filter((l) => / [^ntrfb]/.test(l.trim())).slice(0, 6),
        'a b',
        'x n',
        'net tls',
      ]),
    ];
    // Bytes a separator may be made of (whitespace, quote, backslash, escape letters in both cases) and bytes it may not.
    const pieces = [' ', '\t', '\n', '\r', '\v', '\f', '"', '\\', 'n', 't', 'r', 'f', 'b', 'N', 'T', 'x', ':', "'", '\u00a0'];
    let seed = 11;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    // Per phrase: its words joined by random runs of those bytes, some in upper case, some lines with a word changed.
    const cases = phrases.map((p) => {
      const lines = Array.from({ length: 300 }, () => {
        const words = p
          .trim()
          .split(' ')
          .map((w) => (rnd(8) === 0 ? 'other' : rnd(3) === 0 ? w.toUpperCase() : w));
        const sep = (): string => Array.from({ length: 1 + rnd(3) }, () => pieces[rnd(pieces.length)]).join('');
        return `${rnd(2) ? 'msg=' : ''}${words.join('\u0000').replace(/\u0000/g, sep)}`;
      });
      // One literal per automaton: with several, the automaton may take an escape's letter for one literal's
      // separator while another literal starts at that letter (`x\failing` holds `failing`, but not once the
      // automaton is inside `x n`); the store then takes a line the prefilter does not, never the reverse.
      const pf = new LiteralPrefilter([p]);
      const local = lines.map((l, i) => (pf.find(l).size > 0 ? i : -1)).filter((i) => i >= 0);
      return { f: { literals: [p], pairs: [], errorWords: [], unfiltered: [], context: { before: 0, after: 0 } } satisfies PushdownFilter, lines, local };
    });

    it('the test lines hold both hits and misses', () => {
      const hits = cases.reduce((n, c) => n + c.local.length, 0);
      assert.ok(hits > 300 && hits < phrases.length * 300 - 300, `${hits} hits of ${phrases.length * 300}`);
    });
    it('ClickHouse accepts exactly those', () => {
      for (const c of cases)
        assert.deepEqual(
          [...clickhouseAccepted(db, c.lines, clickhouseConditions(c.f))].sort((a, b) => a - b),
          c.local,
          c.f.literals[0],
        );
    });
    it('LogQL accepts exactly those, on RE2', () => {
      for (const c of cases)
        assert.deepEqual(
          [...logqlAccepted(logqlLineFilters(c.f), c.lines)].sort((a, b) => a - b),
          c.local,
          c.f.literals[0],
        );
    });
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
    const hostile: PushdownFilter = { literals: lits, pairs: [], errorWords: [], unfiltered: [], context: { before: 0, after: 0 } };
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
      const accepted = logqlAccepted(stages, [...hits, ...misses]);
      assert.deepEqual(
        [...accepted].sort((a, b) => a - b),
        hits.map((_, i) => i),
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
    // Alternatives at the top level: a separator between words is a group with alternatives of its own.
    const alternatives = (re: string): number => {
      let n = 1;
      let depth = 0;
      let inClass = false;
      for (let i = 4; i < re.length; i++) {
        const c = re[i];
        if (c === '\\') i++;
        else if (inClass) inClass = c !== ']';
        else if (c === '[') inClass = true;
        else if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === '|' && depth === 0) n++;
      }
      return n;
    };
    const c = clickhouseConditions(filter, 'Body', { maxFilterChars: 2000 });
    let count = 0;
    for (const cond of [...c.literals, ...c.errorWords]) {
      // One match, or a guard's and its pairs' (counted by the pairs).
      assert.match(cond, /^match\(Body, '(?:[^'\\]|\\.)*'\)(?: AND match\(Body, '(?:[^'\\]|\\.)*'\))?$/, cond.slice(0, 80));
      const m = [...cond.matchAll(/match\(Body, '((?:[^'\\]|\\.)*)'\)/g)].at(-1)!;
      const n = alternatives(m[1].replace(/\\(.)/g, '$1'));
      // A pair larger than the bound alone is a group of its own (the store refuses it with its message rather than it being dropped).
      for (const one of cond.split(' AND ')) assert.ok(one.length <= 2000 || n === 1, `${one.length} chars`);
      count += n;
    }
    assert.ok(c.literals.length > 5);
    // Every literal once, but those a shorter one implies (substringMinimal, tested below).
    const minimal = substringMinimal(filter);
    const all = minimal.literals.length + minimal.pairs.length + minimal.errorWords.length;
    assert.equal(count, all);
    const stages = logqlLineFilters(filter, { maxFilterChars: 2000 });
    for (const s of stages) for (const re of regexesOf(s)) assert.ok(re.length <= 2000 || alternatives(regexOf(s)) === 1, `${re.length} chars`);
    assert.equal(
      stages.reduce((n, s) => n + alternatives(regexOf(s)), 0),
      all,
    );
  });

  it('ClickHouse: the conditions are packed into as few queries as the size allows, each condition once', () => {
    const c = clickhouseConditions(filter);
    const conds = c.literals.length + c.errorWords.length;
    const matchesIn = (text: string): number => text.split('match(Body, ').length - 1;
    const matches = (parts: QueryPart[]): number => parts.reduce((n, p) => n + matchesIn(`${p.literals ?? ''} ${p.errorWords ?? ''}`), 0);
    const all = matchesIn([...c.literals, ...c.errorWords].join(' '));
    // Under the default bound (ClickHouse's max_query_size is 262,144 bytes) the shipped catalogue of 216
    // signatures fits one query again once the implied literals are dropped (281,659 bytes before); the
    // source raises max_query_size when a catalogue outgrows it, and packs only for a read-only user.
    const one = queryParts(c, 2_000, 255_000);
    assert.ok(one.length >= 1 && one.length <= 2, `${one.length} queries`);
    assert.equal(matches(one), all);
    const small = queryParts(c, 2_000, 60_000);
    assert.ok(small.length >= 4 && small.length < conds, `${small.length} queries for ${conds} conditions`);
    for (const p of small) assert.ok(2_000 + Buffer.byteLength(`${p.literals ?? ''}${p.errorWords ?? ''}`) <= 60_000);
    assert.equal(matches(small), all);
    assert.deepEqual(queryParts({ literals: [], errorWords: [] }, 2_000, 60_000), [{}]);
  });

  it('drops only what a shorter literal implies: the same lines selected, on RE2, through wrappings and case', () => {
    const f: PushdownFilter = {
      literals: ['back-off pulling image', 'pulling image', 'Pulling  Image', 'failed to', 'failed\\to', 'oom', 'room for', 'x"y', 'x y', 'to pull'],
      pairs: [
        { literal: 'tests', with: ['failed', 'tests failed', 'errors:'] },
        { literal: 'oom-killer', with: ['invoked'] },
        { literal: 'exit', with: ['code 137', 'code'] },
      ],
      errorWords: ['error', 'failed to connect', 'fatal'],
      unfiltered: [],
      context: { before: 0, after: 0 },
    };
    const m = substringMinimal(f);
    // `pulling image` implies the longer phrase and its other spelling; `failed to` its quoted form; `oom`
    // holds in `room for` and `oom-killer`; `x y` is `x"y` (a quote is a separator). `to pull` stays.
    assert.deepEqual(m.literals, ['pulling image', 'failed to', 'oom', 'x"y', 'to pull']);
    assert.deepEqual(m.pairs, [
      { literal: 'tests', with: ['failed', 'errors:'] },
      { literal: 'exit', with: ['code'] },
    ]);
    assert.deepEqual(m.errorWords, ['error', 'fatal']);
    const lines = [
      'Back-off pulling image "registry.example.com/app:v2"',
      '{"msg":"Pulling\\timage \\"app\\""}',
      'err="failed\\\\to start"',
      'failed\\tto start',
      'Failed\tTo start',
      'no ROOM FOR more',
      'oom-killer invoked',
      'x "y',
      'tests: 3 failed',
      'Tests Errors: 2',
      'tests passed',
      'exit code 137',
      'exit 0',
      'connection Error',
      'failed to connect',
      'unable to pull',
      'fata l',
    ];
    const alternation = (x: PushdownFilter): string =>
      `(?i)${[...x.literals.map(re2Literal), ...x.pairs.map(re2Pair), ...x.errorWords.map(re2Literal)].join('|')}`;
    const accepted = (x: PushdownFilter): number[] => withRe2(alternation(x), (r) => lines.flatMap((l, i) => (r.test(l) ? [i] : [])));
    const before = accepted(f);
    assert.ok(before.length > 8 && before.length < lines.length, `${before.length} of ${lines.length}`);
    assert.deepEqual(accepted(m), before);
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
