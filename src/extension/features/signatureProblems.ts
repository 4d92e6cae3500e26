/**
 * Checks of one user signature file, as plain data (no `vscode`): core's `validateCatalogue` for the
 * file alone against the catalogue in force (YAML, schema, rule syntax even when the schema failed,
 * unsafe regexes, duplicate ids, related ids, overrides, the examples), the same problems in the same
 * words as the CLI's `validate`. Also where a problem sits on its line.
 */
import { checkExamples, validateCatalogue, type CatalogueInForce, type CatalogueProblem } from '../../core';

/** The catalogue in force, as far as a single-file check needs it. */
export type CheckContext = Omit<CatalogueInForce, 'problems'>;

const RULE_PROBLEM = /^(match|exclude)\[(\d+)\]/;

/** Problems without repeats (same line and message), errors first, then by line. */
export function uniqueProblems(problems: readonly CatalogueProblem[]): CatalogueProblem[] {
  const seen = new Set<string>();
  const out: CatalogueProblem[] = [];
  for (const p of problems) {
    const key = `${p.file}\0${p.line}\0${p.column ?? ''}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Every problem of one signature file whose current text is `text` (saved or not). `engineProblems`
 * are the catalogue's problems for this file, used only for what a single file cannot tell (a shipped
 * signature it overrides).
 */
export function checkSignatureText(file: string, text: string, context: CheckContext, engineProblems: readonly CatalogueProblem[] = []): CatalogueProblem[] {
  const inForce: CatalogueInForce = { get: (id) => context.get(id), isUserFile: (f) => context.isUserFile(f), problems: engineProblems };
  return uniqueProblems(validateCatalogue([{ file, text }], { inForce, examples: checkExamples }).problems);
}

/** A problem's place on its line: 0-based line and the 0-based start and end columns. */
export interface ProblemSpan {
  line: number;
  start: number;
  end: number;
}

/**
 * Where to underline a problem. A rule error's column counts from the start of the rule text, so the
 * rule's offset on its YAML line (`  - '...`) is added; other columns are the YAML's own. Without a
 * column, the line's text is underlined.
 */
export function problemSpan(problem: CatalogueProblem, lineText: string): ProblemSpan {
  const line = Math.max(0, problem.line - 1);
  const textEnd = lineText.replace(/\s+$/, '').length;
  const indent = lineText.length - lineText.replace(/^\s+/, '').length;
  let start = indent;
  if (problem.column !== undefined) {
    if (RULE_PROBLEM.test(problem.message)) {
      const item = /^(\s*-\s+)(['"]?)/.exec(lineText);
      const inline = item && !/^[|>]/.test(lineText.slice(item[0].length - item[2].length));
      start = inline ? item[0].length + problem.column - 1 : indent;
    } else {
      start = problem.column - 1;
    }
  }
  if (start >= textEnd) start = Math.min(indent, textEnd);
  const end = Math.max(textEnd, start + 1);
  return { line, start, end };
}
