/**
 * The compiler of signature files (YAML, ajv, the rule parser, recheck), loaded on first use. In a
 * build it is its own bundle beside the others (dist/signatureCompiler.js, see scripts/build.mjs), so
 * a run that loads only the compiled shipped catalogue neither reads nor initialises it. The exports
 * here are the compiler's entry points that the core's API offers, each loading it when first called.
 */
import type { CompiledRule } from '../rules/compiledRule';
import type { RuleError } from '../rules/ruleAst';
import type { RuleParseResult } from '../rules/ruleParser';
import type { ParsedSignatureFile } from './parseSignatureFile';

type Compiler = typeof import('./signatureCompiler');
let loaded: Compiler | undefined;

/** The compiler module (loaded once). */
export function compiler(): Compiler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./signatureCompiler') as Compiler);
}

/** Parse and validate one signature file (see parseSignatureFile.ts). */
export function parseSignatureFile(file: string, text: string): ParsedSignatureFile {
  return compiler().parseSignatureFile(file, text);
}

/** Compile rule text (see ruleCompiler.ts). */
export function compileRule(text: string, trusted = false): { value?: CompiledRule; errors: RuleError[]; warnings: RuleError[] } {
  return compiler().compileRule(text, trusted);
}

/** Parse rule text (see ruleParser.ts). */
export function parseRule(text: string): RuleParseResult {
  return compiler().parseRule(text);
}

/** Parse YAML text to plain data (throws on a YAML error, as the `yaml` package does). */
export function parseYaml(text: string): unknown {
  return compiler().parseYaml(text);
}
