/**
 * The contract every registered grammar (ALL_GRAMMARS) keeps, run for each of them: its fixtures parse
 * to what they pin down, it never throws (nor faults behind its boundary) on hostile lines, a 1 MB line
 * loses nothing, its lexer stays on chevrotain's fast path, and it reads its own fixtures while leaving
 * other kinds' alone. A new grammar gets all of this by being registered; the tables below say what
 * each kind must be given (a header for the long line, its lexer), so forgetting one fails here.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { ILexerConfig, Lexer } from 'chevrotain';
import { ALL_GRAMMARS } from '../../../grammars';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { takeGrammarFaults } from '../../../grammars/common/faults';
import { createCriLexer } from '../../../grammars/cri/criLexer';
import { createDmesgLexer } from '../../../grammars/dmesg/dmesgLexer';
import { createGithubActionsLexer } from '../../../grammars/githubActions/githubActionsLexer';
import { createGitlabCiLexer } from '../../../grammars/gitlabCi/gitlabCiLexer';
import { createHelmLexer } from '../../../grammars/helm/helmLexer';
import { createJenkinsLexer } from '../../../grammars/jenkins/jenkinsLexer';
import { createJournaldLexer } from '../../../grammars/journald/journaldLexer';
import { createKlogLexer } from '../../../grammars/klog/klogLexer';
import { createKubectlDescribeLexer } from '../../../grammars/kubectlDescribe/kubectlDescribeLexer';
import { createKubectlGetLexer } from '../../../grammars/kubectlGet/kubectlGetLexer';
import { createLogrusLexer } from '../../../grammars/logrus/logrusLexer';
import { createPlainLexer } from '../../../grammars/plain/plainLexer';
import { createSyslogLexer } from '../../../grammars/syslog/syslogLexer';
import { segmentLines } from '../../../src/core/segment/segmenter';
import type { LogKind } from '../../../src/model';
import { describeFixtures, fixtureFiles, FIXTURES, readLines } from './fixtures';

const ESC = '\u001b';

/** Each kind's lexer factory; null for the JSON kinds, whose grammar is JSON.parse. */
const LEXERS: Record<LogKind, ((config: ILexerConfig) => Lexer) | null> = {
  cri: createCriLexer,
  dmesg: createDmesgLexer,
  'docker-json': null,
  'github-actions': createGithubActionsLexer,
  'gitlab-ci': createGitlabCiLexer,
  helm: createHelmLexer,
  jenkins: createJenkinsLexer,
  journald: createJournaldLexer,
  'journald-json': null,
  'json-lines': null,
  klog: createKlogLexer,
  'kubectl-describe': createKubectlDescribeLexer,
  'kubectl-get': createKubectlGetLexer,
  logrus: createLogrusLexer,
  plain: createPlainLexer,
  syslog: createSyslogLexer,
};

/**
 * A line of each kind with its free-form tail last, to make a 1 MB line of it: `tail` is put where
 * the marker `<TAIL>` is (the JSON kinds need it inside a string and a closing brace after it).
 */
const LONG_LINE: Record<LogKind, string> = {
  cri: '2021-04-13T10:15:02Z stdout F <TAIL>',
  dmesg: '[ 1.000000] <TAIL>',
  'docker-json': '{"log":"<TAIL>\\n","stream":"stderr","time":"2021-04-13T10:15:02.123456789Z"}',
  'github-actions': '2024-05-01T10:00:01.2345678Z <TAIL>',
  'gitlab-ci': '2024-05-01T10:00:00.123456Z 00O <TAIL>',
  helm: 'Error: UPGRADE FAILED: <TAIL>',
  jenkins: `[2021-04-13T10:15:02Z] ${ESC}[32m<TAIL>`,
  journald: 'Apr 13 10:15:02 node-1 kubelet[1234]: <TAIL>',
  'journald-json': '{"__REALTIME_TIMESTAMP":"1618308902123456","_HOSTNAME":"n","PRIORITY":"3","MESSAGE":"<TAIL>"}',
  'json-lines': '{"level":"error","ts":"2024-05-01T10:00:00Z","msg":"<TAIL>"}',
  klog: 'E0413 10:15:02.123456    1234 kubelet.go:1234] <TAIL>',
  'kubectl-describe': 'Message:      <TAIL>',
  'kubectl-get': '5m          Warning   Evicted   pod/jenkins-1   <TAIL>',
  logrus: 'time="2021-04-13T10:15:02Z" level=error msg="<TAIL>"',
  plain: '2021-04-13 10:15:02,123 ERROR [main] c.e.App - <TAIL>',
  syslog: '<13>Oct 11 22:14:15 host app[1]: <TAIL>',
};

/**
 * Lines no grammar may throw on: empty and blank, control and binary bytes, lone surrogates, ANSI
 * escapes, CR, and near misses of every kind's header (cut short, out of range, unclosed).
 */
const HOSTILE: readonly string[] = [
  '',
  ' ',
  '\t',
  '\r',
  '\r\r\r',
  '\u0000',
  '\u0000\u0001\u0002\u00ff',
  '\ufffd\ufffd\ufffd',
  '\uFEFF',
  '\ud800',
  '\udc00x',
  'x\ud800\ud800y',
  '\ud83d',
  `${ESC}`,
  `${ESC}[`,
  `${ESC}[31;1m${ESC}[0K`,
  `${ESC}[8mha:////${ESC}[0m`,
  '{',
  '}',
  '[',
  ']',
  '"',
  '<',
  '=',
  ':',
  '[]',
  '{}',
  'null',
  '{"log":1}',
  '{"log":"\\ud800"}',
  '{"msg":',
  '{"MESSAGE":"x"',
  '2021-04-13T10:15:02Z stdout',
  '2021-04-13T99:99:99Z stdout F x',
  '2024-13-45T99:99:99.0000000Z x',
  '[ 1.0',
  '[Tue Foo 13 10:15:02 2021] x',
  '[Tue Apr 99 10:15:02 2021] x',
  '<999999>[ 1.0] x',
  '[\u0000]',
  '##[',
  '##[group]',
  'section_start:',
  'section_start:99999999999999999:x',
  'section_end:1:',
  '2024-05-01T10:00:00.1Z 00O',
  'x.go:',
  '2021/99/99 99:99:99 x',
  '[tiller] 2021/13/45 10:15:02 x',
  '[Pipeline] { (',
  'Finished: ',
  'Apr 13 10:15:02',
  'Apr 13 10:15:02 host',
  'Foo 13 10:15:02 h x: y',
  'Apr 99 99:99:99 h x: y',
  'Apr 13 10:15:02 h x[: y',
  'I9999 99:99:99.000000 1 a.go:1] bad date',
  'I0413 10:15:02.1 1 a.go] no line',
  'W\u0000\uffff',
  'E0413 10:15:02.123456 1 a.go:1] \ud800',
  'E0413 10:15:02.123456 1 a.go:1] "unclosed k="v',
  'level=',
  'level="',
  '==="\\',
  'level=error msg="\\',
  '\u0000level=error msg=x',
  '<34>',
  '<34>Oct',
  '<165>1 ',
  '<165>1 2003-10-11T22:14:15Z h a p m [unclosed x="1"',
  '<165>1 - - - - - [a b=unquoted]',
  '<34>Foo 11 22:14:15 h a: x',
  '\t\t:',
  '   ----',
  '  -- x',
  'Name:',
  'A B',
  'NAME   READY',
  'LAST SEEN',
  'goroutine',
  'goroutine 1 [running]:',
  'Traceback',
  '\tat ',
  'Caused by: ',
  '$ ',
  '$ kubectl describe',
  'section_end:1714557700:never_opened',
  'a'.repeat(70_000) + ':  x',
  'x'.repeat(70_000),
];

/** A 1 MB tail: no blanks (so no tokenizer splits it), a marker at the end to prove it is kept. */
const TAIL = 'x'.repeat(1024 * 1024) + 'END-OF-TAIL';

/**
 * Lines of a kind's fixtures that the segmenter gives to another kind, as documented: `plain` is the
 * fallback, so any other kind keeps lines it reads; an RFC 3164 line without `<PRI>` is journalctl's
 * short output too, and journald wins it (grammars/syslog/index.ts).
 */
const READ_AS_OTHER: Record<string, Partial<Record<LogKind, number>>> = {
  'plain/mixed-stacktraces.log': { jenkins: 2 },
  'syslog/rfc3164.log': { journald: 3 },
};

function assertNoFaults(what: string): void {
  const { faults, total } = takeGrammarFaults();
  assert.equal(total, 0, `${what}: the grammar threw behind its boundary: ${JSON.stringify(faults[0])}`);
}

describe('grammar contract (every registered grammar)', () => {
  beforeEach(() => takeGrammarFaults());

  it('every registered kind has a lexer entry and a long-line sample, and only registered kinds do', () => {
    const kinds = ALL_GRAMMARS.map((f) => f.kind).sort();
    assert.deepEqual(Object.keys(LEXERS).sort(), kinds);
    assert.deepEqual(Object.keys(LONG_LINE).sort(), kinds);
  });

  for (const format of ALL_GRAMMARS) {
    describe(format.kind, () => {
      describeFixtures(format);

      const lexer = LEXERS[format.kind];
      if (lexer) {
        it('builds its lexer with ensureOptimizations (every token on the fast path)', () => {
          assert.doesNotThrow(() => lexer({ ensureOptimizations: true }));
        });
      }

      const mayStateYear = format.mayStateYear;
      if (mayStateYear) {
        it("states no year where it says a line cannot: such an event's timestamp takes the context's year (or the next, rolling over)", () => {
          for (const year of [1800, 2031]) {
            let stamped = 0;
            for (const file of fixtureFiles(format.kind)) {
              const lines = readLines(join(FIXTURES, format.kind, file));
              for (const e of assembleEvents(lines, format, newContext(year, 0))) {
                if (e.timestamp === null || mayStateYear(lines[e.line - 1])) continue;
                stamped++;
                const y = new Date(e.timestamp).getUTCFullYear();
                assert.ok(y === year || y === year + 1, `${file}:${e.line} read year ${y} with ${year} as the context's`);
              }
            }
            assert.ok(stamped > 0, 'its fixtures have timestamped events whose lines state no year');
          }
        });
      }

      it('never throws nor faults on hostile lines; detect says 0-3, parseHead null or a head with a message', () => {
        const ctx = newContext(2021, 0);
        for (const line of HOSTILE) {
          const score = format.detect(line);
          assert.ok(Number.isInteger(score) && score >= 0 && score <= 3, `detect(${JSON.stringify(line)}) = ${score}`);
          const head = format.parseHead(line, ctx);
          assert.ok(head === null || typeof head.message === 'string', `parseHead(${JSON.stringify(line)})`);
          assert.ok(head === null || head.timestamp === null || Number.isFinite(head.timestamp), `timestamp of ${JSON.stringify(line)}`);
          format.stageStart?.(line);
          format.startsOwnEvent?.(line);
          assertNoFaults(JSON.stringify(line));
        }
      });

      it('reads a 1 MB line of its own kind whole: detected, the tail kept in the message', () => {
        const line = LONG_LINE[format.kind].replace('<TAIL>', TAIL);
        assert.ok(format.detect(line) >= 1, 'detect');
        const head = format.parseHead(line, newContext(2021, 0));
        assert.ok(head, 'a head');
        assert.ok(head.message.includes(TAIL), `message of ${head.message.length} chars ends ${JSON.stringify(head.message.slice(-20))}`);
        assertNoFaults('long line');
      });

      it('never throws nor faults on a 1 MB line of garbage, binary or another kind', () => {
        const ctx = newContext(2021, 0);
        for (const line of [
          '\u0000\u00ff'.repeat(512 * 1024),
          '"' + TAIL,
          `${ESC}[31m`.repeat(100_000),
          ...Object.values(LONG_LINE).map((l) => l.replace('<TAIL>', TAIL)),
        ]) {
          format.detect(line);
          const head = format.parseHead(line, ctx);
          assert.ok(head === null || typeof head.message === 'string');
        }
        assertNoFaults('1 MB line');
      });

      it('reads its own fixtures as its own kind, leaving only documented lines to others', () => {
        for (const file of fixtureFiles(format.kind)) {
          const lines = readLines(join(FIXTURES, format.kind, file));
          const others: Partial<Record<LogKind, number>> = {};
          for (const s of segmentLines(lines)) {
            if (s.kind !== format.kind) others[s.kind] = (others[s.kind] ?? 0) + s.endLine - s.startLine + 1;
          }
          assert.deepEqual(others, READ_AS_OTHER[`${format.kind}/${file}`] ?? {}, file);
        }
      });

      it("claims no line of another kind's fixtures as unmistakable (3) where that kind is not as sure", () => {
        if (format.kind === 'plain') return;
        for (const own of ALL_GRAMMARS) {
          if (own.kind === format.kind) continue;
          for (const file of fixtureFiles(own.kind)) {
            for (const line of readLines(join(FIXTURES, own.kind, file))) {
              if (format.detect(line) === 3) assert.equal(own.detect(line), 3, `${own.kind}/${file}: ${JSON.stringify(line.slice(0, 80))}`);
            }
          }
        }
      });
    });
  }
});
