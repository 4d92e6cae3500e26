import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { catalogueFiles, builtinCatalogueDir } from '../../../src/node/loadCatalogue';
import { Catalogue, checkExamples, LOG_KINDS } from '../../../src/core';
import { readFileSync } from 'node:fs';

const FIX = join(__dirname, '..', '..', 'fixtures');

describe('catalogue', () => {
  const builtin = new Catalogue(catalogueFiles(builtinCatalogueDir(), true), { checkBuiltinRegexes: true });

  it('ships every required signature id of the evaluation list', () => {
    const required = [...readFileSync(join(__dirname, '..', '..', '..', 'docs', 'required-signatures.txt'), 'utf8').matchAll(/^([a-z0-9-]+)$/gm)].map((m) => m[1]);
    assert.ok(required.length >= 28);
    const missing = required.filter((id) => !builtin.get(id));
    assert.deepEqual(missing, []);
  });

  it('ships at least 60 signatures, all valid, every example behaving as declared', () => {
    const problems = [...builtin.problems.filter((p) => p.level === 'error'), ...checkExamples(builtin)];
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message}`), []);
    assert.ok(builtin.signatures.length >= 60, `only ${builtin.signatures.length} signatures`);
  });

  it('has causal edges only to signatures that exist, and each signature appliesTo known kinds', () => {
    for (const s of builtin.signatures) {
      for (const r of s.signature.related ?? []) assert.ok(builtin.get(r.id), `${s.signature.id} -> ${r.id}`);
      for (const k of s.signature.appliesTo) assert.ok(k === 'any' || (LOG_KINDS as readonly string[]).includes(k));
    }
  });

  it('reports every broken user file with file:line and still loads the rest', () => {
    const files = [...catalogueFiles(builtinCatalogueDir(), true), ...catalogueFiles(join(FIX, 'patterns-invalid'), false), ...catalogueFiles(join(FIX, 'patterns-user'), false)];
    const c = new Catalogue(files, { checkBuiltinRegexes: true });
    const errs = c.problems.filter((p) => p.level === 'error');
    const byFile = (name: string) => errs.filter((p) => p.file.endsWith(name));
    assert.ok(byFile('bad-yaml.yaml').length >= 1 && byFile('bad-yaml.yaml')[0].message.startsWith('YAML'));
    const missing = byFile('missing-fields.yaml').map((p) => p.message);
    assert.ok(missing.some((m) => /missing required field "match"/.test(m)), missing.join('\n'));
    assert.ok(missing.some((m) => /severity: must be one of/.test(m)));
    assert.equal(byFile('missing-fields.yaml').find((p) => /severity/.test(p.message))?.line, 4);
    const rule = byFile('bad-rule.yaml');
    assert.equal(rule.find((p) => /match\[1\]/.test(p.message))?.line, 10);
    assert.equal(rule.find((p) => /match\[2\]/.test(p.message) && /exponential/.test(p.message))?.line, 11);
    assert.ok(c.get('custom-app-deadlock'), 'the valid user signature loads');
    assert.equal(c.get('bad-rule'), undefined);
    assert.equal(c.signatures.length, builtin.signatures.length + 1);
  });

  it('lets a user signature override a built-in one with a warning', () => {
    const base = catalogueFiles(builtinCatalogueDir(), true);
    const orig = base.find((f) => f.file.endsWith('no-space-left-on-device.yaml'))!;
    const c = new Catalogue([...base, { file: '/tmp/mine/no-space-left-on-device.yaml', text: orig.text.replace(/^title: .*$/m, 'title: My own ENOSPC') }]);
    assert.equal(c.get('no-space-left-on-device')!.signature.title, 'My own ENOSPC');
    assert.ok(c.problems.some((p) => p.level === 'warning' && /overrides/.test(p.message)));
  });
});
