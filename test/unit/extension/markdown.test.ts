import { strict as assert } from 'node:assert';
import { parseInline, parseMarkdown } from '../../../webview/catalogue/markdown';

describe('webview: catalogue Markdown subset', () => {
  it('reads inline code, bold, emphasis and links; leaves the rest as text', () => {
    assert.deepEqual(parseInline('the **conntrack table** `nf_conntrack_max` is *full* see [docs](https://k8s.io) <b>x</b>'), [
      { kind: 'text', text: 'the ' },
      { kind: 'strong', text: 'conntrack table' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'nf_conntrack_max' },
      { kind: 'text', text: ' is ' },
      { kind: 'em', text: 'full' },
      { kind: 'text', text: ' see ' },
      { kind: 'link', text: 'docs', url: 'https://k8s.io' },
      { kind: 'text', text: ' <b>x</b>' },
    ]);
    assert.deepEqual(parseInline('files *.yaml and *.yml, 3 * 4'), [{ kind: 'text', text: 'files *.yaml and *.yml, 3 * 4' }]);
  });

  it('reads paragraphs, lists, headings and fenced code', () => {
    const blocks = parseMarkdown('First line\nwraps here.\n\n- one\n  continued\n- two\n\n1. a\n2. b\n\n## Why\n```\nkubectl get pods\n```\nlast');
    assert.deepEqual(
      blocks.map((b) => b.kind),
      ['paragraph', 'list', 'list', 'heading', 'code', 'paragraph'],
    );
    assert.deepEqual(blocks[0], { kind: 'paragraph', inlines: [{ kind: 'text', text: 'First line wraps here.' }] });
    assert.deepEqual(blocks[1], { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one continued' }], [{ kind: 'text', text: 'two' }]] });
    assert.ok(blocks[2].kind === 'list' && blocks[2].ordered);
    assert.deepEqual(blocks[4], { kind: 'code', text: 'kubectl get pods' });
  });
});
