/**
 * The checks a schema cannot make, both ways, as lnav checks its format samples: every signature's
 * examples behave as declared (each `match` example is found, no `noMatch` example is), and every
 * `match` rule is exercised by at least one example (a rule no example reaches is a rule nobody has
 * seen work). Each example is read like any input (its kind detected or forced), so the check covers
 * grammar and rule together.
 */
import type { Catalogue } from '../catalogue/catalogue';
import type { CatalogueProblem } from '../catalogue/catalogueProblem';
import { diagnoseTexts } from '../engine/session';
import { InputAnalyzer } from '../engine/inputAnalyzer';
import { grammarFaultNotice } from '../engine/grammarFaults';

const clip = (text: string): string => JSON.stringify(text.length > 140 ? text.slice(0, 140) + '…' : text);

/** Problems for examples that do not match, near-misses that do, and rules no example exercises (warnings). */
export function checkExamples(catalogue: Catalogue, defaultYear = 2021): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  catalogue.signatures.forEach((cs, sig) => {
    const { signature: s, origin } = cs;
    const check = (text: string, kind: string | undefined, want: boolean): void => {
      const d = diagnoseTexts(catalogue, [{ name: 'example', text, kind: kind as never }], { defaultYear });
      const got = d.findings.some((f) => f.signatureId === s.id);
      if (got !== want) {
        problems.push({ file: origin.file, line: origin.lines.examples ?? 1, level: 'error', message: `${want ? 'example does not match' : 'near-miss example matches'}: ${clip(text)}` });
      }
    };
    for (const ex of s.examples.match) check(ex.text, ex.kind, true);
    for (const ex of s.examples.noMatch ?? []) check(ex.text, ex.kind, false);
    // Which steps of which rules each match example reaches: a rule of several steps is exercised by
    // an example that reaches all of them.
    const reached = s.examples.match.map((ex) => {
      const steps = new Set<string>();
      const analyzer = new InputAnalyzer(catalogue, {
        onStepMatch: (i, rule, step) => { if (i === sig) steps.add(`${rule}:${step}`); },
        onUnknownError: () => undefined,
      }, 0, 'example', { defaultYear, text: true, ...(ex.kind ? { kind: ex.kind as never } : {}) });
      analyzer.push(Buffer.from(ex.text, 'utf8'));
      analyzer.end();
      // Read without a session, so a grammar's fault on the example is reported here, at the examples.
      const fault = grammarFaultNotice();
      if (fault) problems.push({ file: origin.file, line: origin.lines.examples ?? 1, level: 'warning', message: `${fault.message} (reading the example ${clip(ex.text)})` });
      return steps;
    });
    cs.match.forEach((rule, r) => {
      if (reached.some((steps) => rule.steps.every((_, k) => steps.has(`${r}:${k}`)))) return;
      problems.push({
        file: origin.file, line: origin.lines[`match.${r}`] ?? origin.lines.match ?? 1, level: 'warning',
        message: `match rule ${r + 1} is exercised by no example: add a real line it matches to examples.match (or drop the rule)`,
      });
    });
  });
  return problems;
}
