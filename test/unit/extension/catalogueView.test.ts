import { strict as assert } from 'node:assert';
import { type CompiledSignature } from '../../../src/core';
import { allSignatures, didYouMean, relationLabel, searchResults, signatureIdOf, toSignatureView } from '../../../src/extension/panels/catalogueView';
import { isWebUrl, parseFromWebview } from '../../../webview/catalogue/protocol';
import { shippedCatalogue } from '../shippedCatalogue';

describe('extension: catalogue page data', () => {
  const catalogue = shippedCatalogue();
  const none = (): boolean => false;

  it('lists every signature for an empty query, worst severity first', () => {
    const all = allSignatures(catalogue, none);
    assert.equal(all.length, catalogue.signatures.length);
    assert.deepEqual(
      searchResults(catalogue, '   ', none).map((s) => s.id),
      all.map((s) => s.id),
    );
    assert.equal(all[0].severity, 'critical');
  });

  it('finds a signature by words of its title, by its id, by a log line, by a typo', () => {
    assert.equal(searchResults(catalogue, 'conntrack table', none)[0].id, 'conntrack-table-full');
    assert.equal(searchResults(catalogue, 'conntrack-table-full', none)[0].id, 'conntrack-table-full');
    assert.ok(
      searchResults(catalogue, 'nf_conntrack: table full, dropping packet', none)
        .slice(0, 3)
        .some((s) => s.id === 'conntrack-table-full'),
    );
    assert.ok(
      searchResults(catalogue, 'contrack tabel', none)
        .slice(0, 5)
        .some((s) => s.id === 'conntrack-table-full'),
    );
  });

  it('suggests close ids for an unknown one', () => {
    assert.ok(didYouMean(catalogue, 'conntrack-full').includes('conntrack-table-full'));
    assert.deepEqual(didYouMean(catalogue, '---'), []);
  });

  it('builds a page with declared and inferred relations', () => {
    const view = toSignatureView(catalogue.get('conntrack-table-full')!, catalogue, false);
    assert.equal(view.title, catalogue.get('conntrack-table-full')!.signature.title);
    assert.ok(view.checks.length > 0 && view.references.every((r) => isWebUrl(r.url)));
    const dns = view.related.find((r) => r.id === 'dns-resolution-failure');
    assert.deepEqual(dns && { label: dns.label, known: dns.known, inferred: dns.inferred }, { label: 'causes', known: true, inferred: false });
    assert.equal(view.file, undefined, 'no file path for shipped signatures');
    // Some signature is named as a cause by another without declaring the edge back: it is inferred.
    const target = catalogue.signatures.find((cs) =>
      catalogue.signatures.some(
        (o) =>
          (o.signature.related ?? []).some((r) => r.id === cs.signature.id && r.relation === 'causes') &&
          !(cs.signature.related ?? []).some((r) => r.id === o.signature.id),
      ),
    );
    if (target) {
      const page = toSignatureView(target as CompiledSignature, catalogue, false);
      assert.ok(page.related.some((r) => r.inferred && r.label === 'caused by'));
    }
    assert.equal(new Set(view.related.map((r) => r.id)).size, view.related.length, 'no repeated relation');
  });

  it('reads the openSignature argument forms', () => {
    assert.equal(signatureIdOf(' conntrack-table-full '), 'conntrack-table-full');
    assert.equal(signatureIdOf({ id: 'a' }), 'a');
    assert.equal(signatureIdOf({ signatureId: 'b' }), 'b');
    assert.equal(signatureIdOf(42), undefined);
    assert.equal(signatureIdOf(''), undefined);
    assert.equal(relationLabel('caused-by'), 'caused by');
    assert.equal(relationLabel('see-also'), 'see also');
  });

  it('accepts only well-formed webview messages and http(s) links', () => {
    assert.deepEqual(parseFromWebview({ type: 'search', seq: 3, query: 'oom' }), { type: 'search', seq: 3, query: 'oom' });
    assert.equal(parseFromWebview({ type: 'search', query: 'oom' }), undefined);
    assert.equal(parseFromWebview({ type: 'openExternal', url: 'javascript:alert(1)' }), undefined);
    assert.equal(parseFromWebview({ type: 'openExternal', url: 'file:///etc/passwd' }), undefined);
    assert.equal(parseFromWebview({ type: 'openExternal', url: 'command:workbench.action.quit' }), undefined);
    assert.deepEqual(parseFromWebview({ type: 'openExternal', url: 'https://kubernetes.io/docs/' }), {
      type: 'openExternal',
      url: 'https://kubernetes.io/docs/',
    });
    assert.equal(parseFromWebview({ type: 'eval', code: '1' }), undefined);
    assert.equal(parseFromWebview(null), undefined);
  });
});
