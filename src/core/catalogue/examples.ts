/**
 * The check a schema cannot make: every signature's examples behave as declared. Each example is
 * read like any input (its kind detected or forced), so the check covers grammar and rule together.
 */
import type { Catalogue } from './catalogue';
import type { CatalogueProblem } from './catalogueProblem';
import { diagnoseTexts } from '../engine/session';

/** Problems for examples that do not match, or near-misses that do. */
export function checkExamples(catalogue: Catalogue, defaultYear = 2021): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const cs of catalogue.signatures) {
    const { signature: s, origin } = cs;
    const check = (text: string, kind: string | undefined, want: boolean): void => {
      const d = diagnoseTexts(catalogue, [{ name: 'example', text, kind: kind as never }], { defaultYear });
      const got = d.findings.some((f) => f.signatureId === s.id);
      if (got !== want) {
        problems.push({ file: origin.file, line: origin.lines.examples ?? 1, level: 'error', message: `${want ? 'example does not match' : 'near-miss example matches'}: ${JSON.stringify(text.length > 140 ? text.slice(0, 140) + '…' : text)}` });
      }
    };
    for (const ex of s.examples.match) check(ex.text, ex.kind, true);
    for (const ex of s.examples.noMatch ?? []) check(ex.text, ex.kind, false);
  }
  return problems;
}
