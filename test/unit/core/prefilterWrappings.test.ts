import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { grammarFor } from '../../../grammars';
import { Catalogue, diagnoseTexts } from '../../../src/core';
import { analyzeBlock } from '../../../src/core/engine/blockAnalysis';
import type { MatchSink } from '../../../src/core/engine/sink';
import { LiteralPrefilter } from '../../../src/core/match/prefilter';
import { excluded, matchStep } from '../../../src/core/match/verify';
import { compileRule } from '../../../src/core/rules/ruleCompiler';
import { segmentLines } from '../../../src/core/segment/segmenter';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import { shippedCatalogue } from '../shippedCatalogue';
import { goQuote, WRAPPINGS } from './wrappings';

const cat = shippedCatalogue();

const literalId = new Map(cat.prefilter.literals.map((l, i) => [l, i]));

describe('the prefilter keeps every line a rule matches, however the line was wrapped', () => {
  it('for every step of every signature, on every example in every wrapping the engine reads', () => {
    const missed: string[] = [];
    let checked = 0;
    for (const cs of cat.signatures) {
      for (const ex of cs.signature.examples.match) {
        for (const w of WRAPPINGS) {
          const raw = w.wrap(ex.text);
          const event = assembleEvents([raw], grammarFor(w.kind), newContext(2024))[0];
          const found = cat.prefilter.find(raw);
          cs.match.forEach((rule, r) =>
            rule.steps.forEach((step, s) => {
              if (!step.literals || !matchStep(cs, step, event)) return;
              checked++;
              const ids = step.literals.map((l) => literalId.get(l.toLowerCase().replace(/\s+/g, ' ')));
              if (!ids.some((id) => id !== undefined && found.has(id)))
                missed.push(`${cs.signature.id} match.${r} step ${s} (${w.name}): ${JSON.stringify(step.literals)} not in ${raw.slice(0, 160)}`);
            }),
          );
        }
      }
    }
    assert.ok(checked > 10_000, `${checked} step matches checked`);
    assert.deepEqual(missed, []);
  });

  it("and so is the other literal set a log store asks for with a step's literal (pushdown pairs), however the line was wrapped", () => {
    // core/logstore/pushdown.ts asks a store for a short literal together with one of its step's rarest other set.
    const missed: string[] = [];
    let checked = 0;
    const others = new LiteralPrefilter([
      ...new Set(cat.signatures.flatMap((cs) => cs.match.flatMap((r) => r.steps.flatMap((st) => st.alsoNeeds?.[0] ?? [])))),
    ]);
    const idOf = new Map(others.literals.map((l, i) => [l, i]));
    for (const cs of cat.signatures) {
      for (const ex of cs.signature.examples.match) {
        for (const w of WRAPPINGS) {
          const raw = w.wrap(ex.text);
          const event = assembleEvents([raw], grammarFor(w.kind), newContext(2024))[0];
          const found = others.find(raw);
          cs.match.forEach((rule, r) =>
            rule.steps.forEach((step, s) => {
              const set = step.alsoNeeds?.[0];
              if (!set || !matchStep(cs, step, event)) return;
              checked++;
              if (!set.some((l) => found.has(idOf.get(l.toLowerCase().replace(/\s+/g, ' '))!)))
                missed.push(`${cs.signature.id} match.${r} step ${s} (${w.name}): ${JSON.stringify(set)} not in ${raw.slice(0, 160)}`);
            }),
          );
        }
      }
    }
    assert.ok(checked > 5_000, `${checked} step matches checked`);
    assert.deepEqual(missed, []);
  });

  it("and the fast path verifies each of them: the step matches of trying its signature's every step on every event", () => {
    const problems: string[] = [];
    for (const w of WRAPPINGS) {
      const lines: string[] = [];
      const owner: number[] = [];
      cat.signatures.forEach((cs, sig) => {
        for (const ex of cs.signature.examples.match) {
          lines.push(w.wrap(ex.text));
          owner.push(sig);
        }
      });
      const fast = new Set<string>();
      const sink: MatchSink = {
        onStepMatch: (sig, rule, _step, o) => {
          if (owner[o.line - 1] === sig && cat.signatures[sig].match[rule].steps.length === 1)
            fast.add(`${cat.signatures[sig].signature.id} match.${rule} line ${o.line}`);
        },
        onUnknownError: () => undefined,
      };
      analyzeBlock(cat, Buffer.from(lines.join('\n') + '\n'), { input: 0, lineBase: 0, defaultYear: 2024, defaultZoneOffsetMinutes: 0 }, sink);
      const every = new Set<string>();
      for (const seg of segmentLines(lines)) {
        for (const ev of assembleEvents(lines.slice(seg.startLine - 1, seg.endLine), grammarFor(seg.kind), newContext(2024), 0, seg.startLine)) {
          const cs = cat.signatures[owner[ev.line - 1]];
          if (excluded(cs, ev)) continue;
          cs.match.forEach((rule, r) => {
            if (rule.steps.length === 1 && matchStep(cs, rule.steps[0], ev)) every.add(`${cs.signature.id} match.${r} line ${ev.line}`);
          });
        }
      }
      for (const m of every) if (!fast.has(m)) problems.push(`${w.name}: ${m}: ${lines[Number(m.split(' ').pop()) - 1].slice(0, 160)}`);
      assert.ok(every.size > 1000, `${w.name}: ${every.size}`);
    }
    assert.deepEqual(problems, []);
  });

  it('finds a rule written for the message text in klog structured output, without an error word to carry it', () => {
    const fixture = readFileSync(join(__dirname, '..', '..', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');
    const yaml = fixture
      .replace(/^id: .*$/m, 'id: conn-write-failure')
      .replace(/^match:\n(?: {2}- .*\n)+/m, "match:\n  - 'conn write failure err={quoted:why}'\n")
      .replace(/^ {4}- '2021.*$/m, '    - \'conn write failure err="broken pipe"\'')
      .replace(/^ {4}- '2021.*INFO.*$/m, "    - 'conn write ok'");
    const c = new Catalogue([...catalogueFiles(builtinCatalogueDir(), true), { file: '/u/conn-write-failure.yaml', text: yaml }]);
    assert.deepEqual(
      c.problems.filter((p) => p.level === 'error'),
      [],
    );
    const lines = [
      'I0501 10:00:07.101010    4412 conn.go:88] "conn write failure" err="write tcp 10.0.0.5:443->10.0.0.9:51234: write: broken pipe" remote="10.0.0.9:51234"',
      '{"level":"info","ts":1714557607.1,"caller":"conn.go:88","msg":"conn write failure err=\\"write: broken pipe\\""}',
      'W0501 10:00:08.101010    4412 relay.go:12] "Relay stopped" err="conn write failure err=\\"write: connection reset by peer\\""',
    ];
    for (const line of lines) {
      const d = diagnoseTexts(c, [{ name: 'x', text: line + '\n' }], { defaultYear: 2024 });
      assert.equal(d.findings.find((f) => f.signatureId === 'conn-write-failure')?.count, 1, line);
    }
  });
});

describe('literals and the automaton, for wrapped text', () => {
  it("cuts a rule's literals at the characters an encoder may escape", () => {
    const lits = (rule: string) => compileRule(rule).value!.steps[0].literals;
    assert.deepEqual(lits('Failed: Timeout >{duration:limit}'), ['failed:']);
    assert.deepEqual(lits('re"\\" 504 "'), ['504']);
    assert.deepEqual(lits('"reason=\\"Evicted\\" pod"'), ['reason=']);
    assert.deepEqual(lits('"Défaillance du disque dur"'), ['faillance du disque dur']);
    for (const step of cat.signatures.flatMap((cs) => cs.match.flatMap((r) => r.steps))) {
      for (const l of step.literals ?? []) assert.doesNotMatch(l, /[^\x20-\x7e]|["\\<>&]/, l);
    }
    assert.deepEqual(lits('conn write failure err='), ['conn write failure err=']);
  });

  it('reads quotes and escaped whitespace between the words of a phrase as whitespace', () => {
    const pf = new LiteralPrefilter(['conn write failure err=', 'nfs server not responding']);
    for (const text of [
      '"conn write failure" err="x"',
      '{"msg":"conn write\\nfailure err=\\"x\\""}',
      'err="relay: \\"conn write failure\\" err=\\\\\\"x\\\\\\""',
      '{"log":"conn\\twrite\\r\\nfailure err=1"}',
    ])
      assert.deepEqual([...pf.find(text)], [0], text);
    // Letters of escapes are letters elsewhere.
    assert.deepEqual([...pf.find('kernel: NFS server not responding, still trying')], [1]);
    assert.deepEqual([...pf.find('{"msg":"nfs\\nserver\\tnot responding"}')], [1]);
    // Only escapes that stand for whitespace (or a quote) are separators: these are other words.
    assert.equal(pf.find('conn write\\xfailure err=').size, 0);
    assert.equal(pf.find('connwrite failure err=').size, 0);
    assert.equal(pf.find('conn write failure\\nerr').size, 0);
  });

  it('finds in any JSON or Go rendering of a text what it finds in the text (random texts)', () => {
    const words = ['nt', 'tn', 'rb', 'fn', 'ab'];
    let seed = 11;
    const rnd = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
    const lits = Array.from({ length: 12 }, () => Array.from({ length: 1 + rnd(3) }, () => words[rnd(words.length)]).join(' '));
    const pf = new LiteralPrefilter(lits);
    const seps = [' ', '\n', '\t', '"', ' "', '\r\n', '\t\t'];
    for (let n = 0; n < 400; n++) {
      let text = words[rnd(words.length)];
      for (let i = 0; i < 8; i++) text += seps[rnd(seps.length)] + words[rnd(words.length)];
      const inText = new Set(lits.map((l, i) => (text.replace(/["\s]+/g, ' ').includes(l) ? i : -1)).filter((i) => i >= 0));
      for (const rendered of [text, JSON.stringify(text), goQuote(text), JSON.stringify(goQuote(text))]) {
        const found = pf.find(rendered);
        for (const id of inText) assert.ok(found.has(id), `${lits[id]} in ${rendered}`);
      }
    }
  });
});
