/**
 * One catalogue file in, one signature (or problems with file:line) out. YAML is parsed with
 * positions, validated against patterns/signature.schema.json with ajv, and every schema error is
 * mapped back to the line of the offending node.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Signature, SignatureExample, SignatureOrigin } from '../../model';
import { MAX_FIELD_CHARS, MAX_SIGNATURE_FILE_BYTES, oversizeProblem, type CatalogueProblem } from './catalogueProblem';
import schema from '../../../patterns/signature.schema.json';
import { grouped } from '../grouped';

export { MAX_FIELD_CHARS, MAX_SIGNATURE_FILE_BYTES, oversizeProblem, type CatalogueProblem } from './catalogueProblem';

/**
 * Aliases (`*name`) a file may use. Each copies its anchor's node into the data, so a few nested
 * ones (the "billion laughs") expand a small file into gigabytes; a signature needs none or a few.
 */
const MAX_ALIASES = 50;

/** The schema's validator, compiled on first use (ajv's compile is most of this module's cost). */
let validator: ValidateFunction | undefined;
const validateSchema = (data: unknown): data is Record<string, unknown> & { examples: { match: unknown; noMatch?: unknown } } => {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator(data);
};

/** The JSON Schema of a signature file (for editors and the extension). */
export const SIGNATURE_SCHEMA: object = schema;

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    const range = node && (node as { range?: [number, number, number] }).range;
    if (range) {
      const pos = counter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
    if (n > 0 && typeof path[n - 1] === 'string') {
      // Missing key: point at its parent map.
      continue;
    }
  }
  return { line: 1, column: 1 };
}

function describe(err: ErrorObject): string {
  const where = err.instancePath ? err.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  switch (err.keyword) {
    case 'required':
      return `${where}: missing required field "${(err.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `${where}: unknown field "${(err.params as { additionalProperty: string }).additionalProperty}"`;
    case 'enum':
      return `${where}: must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${where}: ${err.message}`;
  }
}

/** Normalise examples to objects. */
function normaliseExamples(list: unknown): SignatureExample[] {
  return Array.isArray(list) ? list.map((e) => (typeof e === 'string' ? { text: e } : (e as SignatureExample))) : [];
}

/** One signature file read: the signature when it is valid, where its keys are, and what is wrong. */
export interface ParsedSignatureFile {
  signature?: Signature;
  origin: SignatureOrigin;
  problems: CatalogueProblem[];
  /**
   * The `match` and `exclude` values of a file that is valid YAML but no valid signature (schema, id),
   * so that its rules are checked too and one pass shows every mistake.
   */
  unvalidatedRules?: { match?: unknown; exclude?: unknown };
}

/** Parse and validate one file. `file` is used in problems; `text` is its content. */
export function parseSignatureFile(file: string, text: string): ParsedSignatureFile {
  const counter = new LineCounter();
  const origin: SignatureOrigin = { file, lines: {} };
  const problems: CatalogueProblem[] = [];
  if (text.trim() === '') {
    problems.push({ file, line: 1, level: 'error', message: 'empty file: a signature needs at least id, title, match ...' });
    return { origin, problems };
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SIGNATURE_FILE_BYTES) return { origin, problems: [oversizeProblem(file, bytes)] };
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = counter.linePos(e.pos[0]);
    problems.push({
      file,
      line: pos.line,
      column: pos.col,
      level: doc.errors.includes(e as never) ? 'error' : 'warning',
      message: `YAML: ${e.message.split('\n')[0]}`,
    });
  }
  if (doc.errors.length) return { origin, problems };
  const contents = doc.contents;
  if (!isMap(contents)) {
    problems.push({ file, line: 1, level: 'error', message: 'a signature file must be a YAML mapping (key: value)' });
    return { origin, problems };
  }
  for (const pair of contents.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const r = (pair.key as { range?: [number, number, number] }).range;
    if (r) origin.lines[key] = counter.linePos(r[0]).line;
    if ((key === 'match' || key === 'exclude') && isSeq(pair.value)) {
      pair.value.items.forEach((item, i) => {
        const ir = (item as { range?: [number, number, number] }).range;
        if (ir) origin.lines[`${key}.${i}`] = counter.linePos(ir[0]).line;
      });
    }
  }
  const at = (node: Node): { line: number; column: number } => {
    const r = (node as { range?: [number, number, number] }).range;
    const pos = r ? counter.linePos(r[0]) : { line: 1, col: 1 };
    return { line: pos.line, column: pos.col };
  };
  const bomb = `each copies its anchor, so this file could expand far beyond its size (an "alias bomb"): write the values out`;
  let aliases = 0;
  let firstAlias: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      firstAlias ??= node;
      if (++aliases === MAX_ALIASES + 1)
        problems.push({ file, ...at(node), level: 'error', message: `YAML: more than ${MAX_ALIASES} aliases (*name); ${bomb}` });
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && node.value.length > MAX_FIELD_CHARS) {
        problems.push({
          file,
          ...at(node),
          level: 'error',
          message: `a text of ${grouped(node.value.length)} characters; a field holds at most ${grouped(MAX_FIELD_CHARS)}`,
        });
      }
    },
  });
  if (problems.some((p) => p.level === 'error')) return { origin, problems };
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES }) as Record<string, unknown>;
  } catch (err) {
    // yaml counts aliases inside aliased nodes too: fewer aliases, nested, still expand too far.
    if (!(err instanceof ReferenceError) || !firstAlias) throw err;
    problems.push({ file, ...at(firstAlias), level: 'error', message: `YAML: aliases (*name) nested in aliased values; ${bomb}` });
    return { origin, problems };
  }
  if (!validateSchema(data)) {
    for (const err of validator?.errors ?? []) {
      if (err.keyword === 'oneOf' || err.keyword === 'if') continue;
      const path = err.instancePath
        .split('/')
        .slice(1)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      const pos = lineOf(doc, counter, path);
      problems.push({ file, line: pos.line, column: pos.column, level: 'error', message: describe(err) });
    }
    return { origin, problems, unvalidatedRules: { match: data.match, exclude: data.exclude } };
  }
  const examples = data.examples as { match: unknown; noMatch?: unknown };
  const signature = { ...data, examples: { match: normaliseExamples(examples.match), noMatch: normaliseExamples(examples.noMatch) } } as unknown as Signature;
  delete (signature as unknown as Record<string, unknown>).$schema;
  const base = file
    .replace(/\\/g, '/')
    .split('/')
    .pop()!
    .replace(/\.ya?ml$/, '');
  if (file !== '<inline>' && base !== signature.id) {
    problems.push({ file, line: origin.lines.id ?? 1, level: 'error', message: `id "${signature.id}" must equal the file name "${base}"` });
    return { origin, problems, unvalidatedRules: { match: data.match, exclude: data.exclude } };
  }
  return { signature, origin, problems };
}
