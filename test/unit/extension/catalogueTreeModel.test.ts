import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Catalogue, CATEGORIES, FINDING_SEVERITIES, type CatalogueProblem } from '../../../src/core';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import {
  buildCatalogueTree,
  categoryLabel,
  childrenOf,
  severityLabel,
  type CategoryNode,
  type SeverityNode,
  type SignatureNode,
} from '../../../src/extension/views/catalogueTreeModel';

const USER_DIR = join(__dirname, '..', '..', 'fixtures', 'patterns-user');

describe('extension: catalogue tree model', () => {
  const catalogue = new Catalogue([...catalogueFiles(builtinCatalogueDir(), true), ...catalogueFiles(USER_DIR, false)]);
  const isUser = (cs: { origin: { file: string } }): boolean => cs.origin.file.startsWith(USER_DIR);

  it('groups every signature once: category -> severity (worst first) -> title', () => {
    const roots = buildCatalogueTree(catalogue.signatures, isUser);
    const categories = roots.filter((n): n is CategoryNode => n.kind === 'category');
    assert.equal(categories.length, roots.length, 'no problems node without problems');
    assert.equal(
      categories.reduce((n, c) => n + c.count, 0),
      catalogue.signatures.length,
    );
    const order = categories.map((c) => CATEGORIES.indexOf(c.category as never));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    for (const c of categories) {
      const groups = childrenOf(c) as SeverityNode[];
      const ranks = groups.map((g) => FINDING_SEVERITIES.indexOf(g.severity));
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => b - a),
        `${c.category}: severities worst first`,
      );
      assert.equal(
        groups.reduce((n, g) => n + g.signatures.length, 0),
        c.count,
      );
      for (const g of groups) {
        const titles = (childrenOf(g) as SignatureNode[]).map((s) => s.compiled.signature.title);
        assert.deepEqual(
          titles,
          [...titles].sort((a, b) => a.localeCompare(b)),
        );
        for (const s of g.signatures) {
          assert.equal(s.compiled.signature.category, c.category);
          assert.equal(s.compiled.signature.severity, g.severity);
          assert.deepEqual(childrenOf(s), []);
        }
      }
    }
  });

  it('marks signatures from user folders', () => {
    const all = buildCatalogueTree(catalogue.signatures, isUser)
      .flatMap((c) => childrenOf(c))
      .flatMap((g) => childrenOf(g)) as SignatureNode[];
    const mine = all.filter((s) => s.user).map((s) => s.compiled.signature.id);
    assert.deepEqual(mine, ['custom-app-deadlock']);
  });

  it('puts a problems node first only when the user files have errors, errors before warnings', () => {
    const warning: CatalogueProblem = { file: '/w/a.yaml', line: 3, level: 'warning', message: 'slow rule' };
    const error: CatalogueProblem = { file: '/w/b.yaml', line: 7, column: 11, level: 'error', message: 'severity: must be one of ...' };
    assert.equal(buildCatalogueTree(catalogue.signatures, isUser, [warning])[0].kind, 'category');
    const [first] = buildCatalogueTree(catalogue.signatures, isUser, [warning, error]);
    assert.equal(first.kind, 'problems');
    assert.ok(first.kind === 'problems' && first.errors === 1);
    const children = childrenOf(first);
    assert.deepEqual(
      children.map((c) => (c.kind === 'problem' ? c.problem.level : '')),
      ['error', 'warning'],
    );
  });

  it('labels categories and severities for people', () => {
    assert.equal(categoryLabel('control-plane'), 'Control plane');
    assert.equal(categoryLabel('ci'), 'CI');
    assert.equal(severityLabel('critical'), 'Critical');
  });
});
