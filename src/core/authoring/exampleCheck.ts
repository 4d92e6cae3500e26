/**
 * The checks a schema cannot make, both ways, as lnav checks its format samples: every signature's
 * examples behave as declared (each `match` example is found, no `noMatch` example is), and every
 * `match` rule is exercised by at least one example (a rule no example reaches is a rule nobody has
 * seen work). Each example is read like any input (its kind detected or forced), so the check covers
 * grammar and rule together.
 *
 * One read per example answers both questions: the sink feeds a run's collector (from which the
 * diagnosis is built exactly as a session builds it, so "is it found" means what a user would see)
 * and records which steps of the signature's rules matched.
 */
import type { LogEvent, Occurrence } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import type { CatalogueProblem } from '../catalogue/catalogueProblem';
import type { TableRow } from '../diagnose/crossChecks';
import { RunCollector } from '../diagnose/collector';
import { buildDiagnosis } from '../diagnose/diagnose';
import type { Verdict } from '../diagnose/errorEvidence';
import { InputAnalyzer } from '../engine/inputAnalyzer';
import { grammarFaultNotice } from '../engine/grammarFaults';
import { InputFailure } from '../engine/session';
import type { MatchSink } from '../engine/sink';

const clip = (text: string): string => JSON.stringify(text.length > 140 ? text.slice(0, 140) + '…' : text);

/** Passes every call on to a run's collector, and keeps the `rule:step` pairs of signature `sig` that matched. */
class StepRecordingSink implements MatchSink {
  readonly steps = new Set<string>();
  readonly collector: RunCollector;

  constructor(
    catalogue: Catalogue,
    private readonly sig: number,
  ) {
    this.collector = new RunCollector(catalogue);
  }

  onStepMatch(sig: number, rule: number, step: number, occurrence: Occurrence): void {
    if (sig === this.sig) this.steps.add(`${rule}:${step}`);
    this.collector.onStepMatch(sig, rule, step, occurrence);
  }

  onUnknownError(event: LogEvent): void {
    this.collector.onUnknownError(event);
  }

  addJudged(event: LogEvent, verdict: Verdict, template?: string): void {
    this.collector.addJudged(event, verdict, template);
  }

  onTableRow(row: TableRow): void {
    this.collector.onTableRow(row);
  }
}

/** What reading one example found: whether signature `sig` is a finding, the steps of it that matched, a grammar fault. */
interface ExampleRead {
  found: boolean;
  steps: Set<string>;
  fault?: string;
}

/** Read `text` as one input named `example` (as `diagnoseTexts` reads it) and diagnose it. */
function readExample(catalogue: Catalogue, sig: number, text: string, kind: string | undefined, defaultYear: number): ExampleRead {
  const sink = new StepRecordingSink(catalogue, sig);
  let summary;
  try {
    const analyzer = new InputAnalyzer(catalogue, sink, 0, 'example', { defaultYear, text: true, ...(kind ? { kind: kind as never } : {}) });
    analyzer.push(Buffer.from(text, 'utf8'));
    summary = analyzer.end();
  } catch (err) {
    throw new InputFailure('example', err);
  }
  // Read without a session, so a grammar's fault on the example is reported here, at the examples.
  const fault = grammarFaultNotice()?.message;
  const id = catalogue.signatures[sig].signature.id;
  const found = buildDiagnosis(catalogue, sink.collector, [summary]).findings.some((f) => f.signatureId === id);
  return { found, steps: sink.steps, fault };
}

/** Problems for examples that do not match, near-misses that do, and rules no example exercises (warnings). */
export function checkExamples(catalogue: Catalogue, defaultYear = 2021): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  catalogue.signatures.forEach((cs, sig) => {
    const { signature: s, origin } = cs;
    const at = origin.lines.examples ?? 1;
    const faults: CatalogueProblem[] = [];
    const check = (text: string, kind: string | undefined, want: boolean): Set<string> => {
      const got = readExample(catalogue, sig, text, kind, defaultYear);
      if (got.found !== want) {
        problems.push({
          file: origin.file,
          line: at,
          level: 'error',
          message: `${want ? 'example does not match' : 'near-miss example matches'}: ${clip(text)}`,
        });
      }
      // Faults are reported for match examples (whose steps are counted), after the example errors.
      if (want && got.fault) faults.push({ file: origin.file, line: at, level: 'warning', message: `${got.fault} (reading the example ${clip(text)})` });
      return got.steps;
    };
    // Which steps of which rules each match example reaches: a rule of several steps is exercised by
    // an example that reaches all of them.
    const reached = s.examples.match.map((ex) => check(ex.text, ex.kind, true));
    for (const ex of s.examples.noMatch ?? []) check(ex.text, ex.kind, false);
    problems.push(...faults);
    cs.match.forEach((rule, r) => {
      if (reached.some((steps) => rule.steps.every((_, k) => steps.has(`${r}:${k}`)))) return;
      problems.push({
        file: origin.file,
        line: origin.lines[`match.${r}`] ?? origin.lines.match ?? 1,
        level: 'warning',
        message: `match rule ${r + 1} is exercised by no example: add a real line it matches to examples.match (or drop the rule)`,
      });
    });
  });
  return problems;
}
