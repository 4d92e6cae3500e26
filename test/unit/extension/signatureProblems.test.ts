import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CatalogueProblem } from '../../../src/core';
import { checkSignatureText, problemSpan, type CheckContext } from '../../../src/extension/features/signatureProblems';
import { shippedCatalogue } from '../shippedCatalogue';

const FIX = join(__dirname, '..', '..', 'fixtures');

/** A user signature with an invalid severity (line 6) and an unclosed group in match[1] (line 11). */
const BROKEN = [
  'id: broken-sig',
  'title: A broken signature',
  'summary: Has two mistakes.',
  'status: test',
  'category: node',
  'severity: disastrous',
  'appliesTo: [any]',
  'match:',
  '  - fine rule here',
  '  - broken (group',
  '  - another (unclosed | group',
  'explanation: Written by the VS Code suite to prove that problems reach the Problems panel.',
  'causes: [none]',
  'checks: [{ title: none, command: "true" }]',
  'remediation: [none]',
  'references: []',
  'examples:',
  '  match: [fine rule here]',
  '',
].join('\n');

describe('extension: user signature problems', () => {
  const builtin = shippedCatalogue();
  const context = (extra: Record<string, string> = {}): CheckContext => ({
    get: (id) => builtin.get(id) ?? (extra[id] ? { ...builtin.signatures[0], origin: { file: extra[id], lines: {} } } : undefined),
    isUserFile: (file) => file.startsWith('/ws/'),
  });
  const at = (ps: CatalogueProblem[]): string[] => ps.map((p) => `${p.line}:${p.level}:${p.message.split(' ')[0]}`);

  it('reports the schema error and, in the same pass, every rule that does not parse', () => {
    const problems = checkSignatureText('/ws/.postmortem-lens/patterns/broken-sig.yaml', BROKEN, context());
    assert.ok(
      problems.some((p) => p.line === 6 && p.level === 'error' && /severity/.test(p.message)),
      at(problems).join('\n'),
    );
    assert.ok(
      problems.some((p) => p.line === 10 && /^match\[1\]/.test(p.message)),
      at(problems).join('\n'),
    );
    assert.ok(
      problems.some((p) => p.line === 11 && /^match\[2\]/.test(p.message)),
      at(problems).join('\n'),
    );
    assert.ok(!problems.some((p) => p.line === 9));
  });

  it('reports a rule that cannot mean what it says as a warning, also when the schema failed', () => {
    const text = BROKEN.replace('  - fine rule here\n', '  - fine rule here\n  - failed to fetch manifests? from\n');
    const problems = checkSignatureText('/ws/.postmortem-lens/patterns/broken-sig.yaml', text, context());
    assert.ok(
      problems.some((p) => p.line === 6 && p.level === 'error'),
      at(problems).join('\n'),
    );
    const lint = problems.filter((p) => p.line === 10 && p.level === 'warning' && /^match\[1\]: `manifests\?` is read as the literal word/.test(p.message));
    assert.equal(lint.length, 1, at(problems).join('\n'));
    assert.equal(lint[0].column, 'failed to fetch '.length + 1);
  });

  it('reports rule errors and unsafe regexes of a file whose schema is fine', () => {
    const file = join(FIX, 'patterns-invalid', 'bad-rule.yaml');
    const problems = checkSignatureText(file, readFileSync(file, 'utf8'), context());
    assert.ok(
      problems.some((p) => p.line === 10 && p.level === 'error' && /^match\[1\]/.test(p.message)),
      at(problems).join('\n'),
    );
    assert.ok(
      problems.some((p) => p.line === 11 && p.level === 'error' && /^match\[2\]/.test(p.message)),
      at(problems).join('\n'),
    );
  });

  it('finds nothing wrong in a good user signature, and flags an example that stopped matching', () => {
    const file = '/ws/p/custom-app-deadlock.yaml';
    const text = readFileSync(join(FIX, 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');
    assert.deepEqual(
      checkSignatureText(file, text, context()).filter((p) => p.level === 'error'),
      [],
    );
    const changed = text.replace('ERROR Deadlock found when trying', 'ERROR Deadlock maybe found when trying');
    const problems = checkSignatureText(file, changed, context());
    assert.ok(
      problems.some((p) => p.level === 'error' && /example does not match/.test(p.message)),
      at(problems).join('\n'),
    );
  });

  it('flags a duplicate id held by another user file, and keeps related ids that exist elsewhere', () => {
    const file = '/ws/p/custom-app-deadlock.yaml';
    let text = readFileSync(join(FIX, 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');
    text = text.replace(
      'examples:',
      'related:\n  - id: conntrack-table-full\n    relation: see-also\n  - id: no-such-signature\n    relation: see-also\nexamples:',
    );
    const problems = checkSignatureText(file, text, context({ 'custom-app-deadlock': '/ws/q/custom-app-deadlock.yaml' }));
    assert.ok(
      problems.some((p) => p.line === 2 && p.level === 'error' && /duplicate id/.test(p.message)),
      at(problems).join('\n'),
    );
    assert.ok(problems.some((p) => /"no-such-signature" is not in the catalogue/.test(p.message)));
    assert.ok(!problems.some((p) => /"conntrack-table-full" is not in the catalogue/.test(p.message)));
  });

  it('places a rule error at its column inside the YAML line', () => {
    const span = problemSpan({ file: 'f', line: 10, column: 8, level: 'error', message: 'match[1]: x' }, "  - 'broken (group'");
    assert.deepEqual(span, { line: 9, start: 5 + 7, end: 19 });
    assert.deepEqual(problemSpan({ file: 'f', line: 6, column: 11, level: 'error', message: 'severity: must be one of' }, 'severity: disastrous'), {
      line: 5,
      start: 10,
      end: 20,
    });
    assert.deepEqual(problemSpan({ file: 'f', line: 1, level: 'error', message: 'empty' }, ''), { line: 0, start: 0, end: 1 });
    assert.deepEqual(problemSpan({ file: 'f', line: 3, column: 4, level: 'error', message: 'match[0]: x' }, '  - >-'), { line: 2, start: 2, end: 6 });
  });
});
