import { strict as assert } from 'node:assert';
import { join, relative } from 'node:path';
import { checkExamples, validateCatalogue, type CatalogueProblem, type ExampleCheck } from '../../../src/core';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';

const ROOT = join(__dirname, '..', '..', '..');
const FIX = join(ROOT, 'test', 'fixtures');
const line = (p: CatalogueProblem): string => `${relative(ROOT, p.file)}:${p.line}${p.column ? `:${p.column}` : ''}: ${p.level}: ${p.message}`;
const shipped = () => catalogueFiles(builtinCatalogueDir(), true);

describe('validateCatalogue (the one validation of the CLI, the extension and the tests)', () => {
  it('reports every problem of broken user files at file:line:column, in the words `validate` has always used', () => {
    const v = validateCatalogue(catalogueFiles(join(FIX, 'patterns-invalid'), false), { context: shipped(), examples: checkExamples });
    assert.deepEqual(v.problems.map(line), [
      'test/fixtures/patterns-invalid/bad-rule.yaml:10:14: error: match[1]: unclosed group: a "(" has no ")" (at the end) in "broken (group"',
      'test/fixtures/patterns-invalid/bad-rule.yaml:11:1: error: match[2]: re"(a+)+b": can backtrack exponentially on input like "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" (a log line is attacker-controlled): avoid unbounded repeats that can match the same text, such as .* next to \\w+ in "re\\"(a+)+b\\""',
      'test/fixtures/patterns-invalid/bad-yaml.yaml:4:1: error: YAML: Missing closing "quote',
      ...['summary', 'status', 'category', 'appliesTo', 'match', 'explanation', 'causes', 'checks', 'remediation', 'references', 'examples'].map(
        (f) => `test/fixtures/patterns-invalid/missing-fields.yaml:2:1: error: (top level): missing required field "${f}"`,
      ),
      'test/fixtures/patterns-invalid/missing-fields.yaml:4:11: error: severity: must be one of "info", "warning", "error", "critical"',
    ]);
    assert.equal(v.valid, 0);
  });

  it('checks the rules of a file whose schema failed too, so one pass shows every mistake', () => {
    const file = '/ws/patterns/half-done.yaml';
    const text = "id: half-done\ntitle: Half done\nmatch:\n  - 'ok rule'\n  - 'broken (group'\n";
    const problems = validateCatalogue([{ file, text }]).problems.map((p) => `${p.line}: ${p.message}`);
    assert.ok(
      problems.some((p) => /missing required field "summary"/.test(p)),
      problems.join('\n'),
    );
    assert.ok(problems.includes('5: match[1]: unclosed group: a "(" has no ")" (at the end) in "broken (group"'), problems.join('\n'));
  });

  it("hands the examples to the check it is given (the seam), reporting only the validated files' problems", () => {
    const file = join(FIX, 'patterns-user', 'custom-app-deadlock.yaml');
    const files = catalogueFiles(join(FIX, 'patterns-user'), false).filter((f) => f.file === file);
    const seen: number[] = [];
    const check: ExampleCheck = (c) => {
      seen.push(c.signatures.length);
      return [
        { file, line: 7, level: 'error', message: 'example does not match: "x"' },
        { file: '/elsewhere.yaml', line: 1, level: 'error', message: 'not mine' },
      ];
    };
    const v = validateCatalogue(files, { context: shipped(), examples: check });
    assert.ok(seen[0] > 100, 'the check sees the whole catalogue, context included');
    assert.deepEqual(
      v.problems.map((p) => p.message),
      ['example does not match: "x"'],
    );
    assert.equal(v.valid, 1);
    assert.deepEqual(validateCatalogue(files, { context: shipped() }).problems, [], 'no check given: examples are not checked');
  });

  it('turns a check that throws into a warning at the examples, never an exception', () => {
    const files = catalogueFiles(join(FIX, 'patterns-user'), false).slice(0, 1);
    const v = validateCatalogue(files, {
      context: shipped(),
      examples: () => {
        throw new Error('engine bug');
      },
    });
    assert.deepEqual(
      v.problems.map((p) => `${p.level}: ${p.message}`),
      ['warning: examples could not be checked: engine bug'],
    );
  });
});
