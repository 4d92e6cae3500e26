/**
 * Checks of one user signature file, as plain data (no `vscode`): what the catalogue reports for the
 * file alone (YAML, schema, rule syntax, unsafe regexes), the rules' errors even when the schema
 * already failed (so one pass shows every mistake), duplicate ids against the catalogue in force, and
 * the file's examples. Also where a problem sits on its line.
 */
import { Catalogue, checkExamples, compileRule, parseSignatureFile, parseYaml, type CatalogueProblem, type CompiledSignature } from '../../core';

/** The catalogue in force, as far as a single-file check needs it. */
export interface CheckContext {
  /** Looks a signature up by id in the catalogue in force. */
  get(id: string): CompiledSignature | undefined;
  /** True when a loaded signature file is one of the user's (not shipped). */
  isUserFile(file: string): boolean;
}

const RULE_PROBLEM = /^(match|exclude)\[(\d+)\]/;
const MISSING_RELATED = /^related signature "([^"]+)" is not in the catalogue/;

/** Errors and warnings of each `match`/`exclude` rule, in the catalogue's own wording, read straight from the YAML. */
export function ruleProblems(file: string, text: string, lines: Record<string, number>): CatalogueProblem[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const out: CatalogueProblem[] = [];
  for (const key of ['match', 'exclude'] as const) {
    const rules = (data as Record<string, unknown>)[key];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, i) => {
      if (typeof rule !== 'string') return;
      const c = compileRule(rule, false);
      const line = lines[`${key}.${i}`] ?? lines[key] ?? 1;
      for (const e of c.errors) out.push({ file, line, column: e.column + 1, level: 'error', message: `${key}[${i}]: ${e.message} in ${JSON.stringify(rule)}` });
      for (const w of c.warnings) out.push({ file, line, column: w.column + 1, level: 'warning', message: `${key}[${i}]: ${w.message}` });
    });
  }
  return out;
}

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
  let single: Catalogue;
  try {
    single = new Catalogue([{ file, text }]);
  } catch (err) {
    return [{ file, line: 1, level: 'error', message: `cannot check this file: ${(err as Error).message}` }];
  }
  const problems: CatalogueProblem[] = single.problems.filter((p) => {
    // Alone in its catalogue every related id looks missing: keep only those missing for real.
    const m = MISSING_RELATED.exec(p.message);
    return !m || !context.get(m[1]);
  });
  const cs = single.signatures[0];
  if (!cs) {
    if (!problems.some((p) => RULE_PROBLEM.test(p.message) || p.message.startsWith('YAML:'))) {
      const { origin } = parseSignatureFile(file, text);
      problems.push(...ruleProblems(file, text, origin.lines));
    }
    return uniqueProblems(problems);
  }
  const id = cs.signature.id;
  const idLine = cs.origin.lines.id ?? 1;
  const other = context.get(id);
  if (other && other.origin.file !== file && context.isUserFile(other.origin.file)) {
    problems.push({ file, line: idLine, level: 'error', message: `duplicate id "${id}" (also in ${other.origin.file})` });
  }
  for (const p of engineProblems) {
    if (p.message.startsWith('overrides the built-in signature') && p.message.includes(`"${id}"`)) problems.push({ ...p, file, line: idLine });
  }
  try {
    problems.push(...checkExamples(single));
  } catch (err) {
    problems.push({ file, line: cs.origin.lines.examples ?? 1, level: 'warning', message: `examples could not be checked: ${(err as Error).message}` });
  }
  return uniqueProblems(problems);
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
