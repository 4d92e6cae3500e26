/**
 * The postmortem draft read back the way GitHub renders it: every example incident's draft is parsed
 * with micromark's GFM extensions (mdast keeps a row's extra cells, so a broken row cannot hide),
 * and log text planted with Markdown, HTML, entities and secrets must stay inert.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { DRAFT_MARKER, diagnoseTexts, renderPostmortem, type Diagnosis } from '../../../src/core';
import { mdCodeSpan, mdInline, mdTable } from '../../../src/core/report/markdown';
import { shippedCatalogue } from '../shippedCatalogue';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const cat = shippedCatalogue();

interface Node {
  type: string;
  value?: string;
  depth?: number;
  url?: string;
  children?: Node[];
}

function parse(md: string): Node {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as Node;
}

function walk(n: Node, visit: (n: Node, parents: Node[]) => void, parents: Node[] = []): void {
  visit(n, parents);
  for (const c of n.children ?? []) walk(c, visit, [...parents, n]);
}

/** What a reader sees: every text, inline code and code block value. */
function visibleText(tree: Node): string[] {
  const out: string[] = [];
  walk(tree, (n) => {
    if ((n.type === 'text' || n.type === 'inlineCode' || n.type === 'code') && n.value) out.push(n.value);
  });
  return out;
}

const plain = (n: Node): string => (n.value ?? '') + (n.children ?? []).map(plain).join('');

/** The sections of the template, in order; `###` headings only under the evidence appendix. */
const SECTIONS = [
  'Summary',
  'Impact',
  'Root cause and trigger',
  'Contributing factors',
  'Detection',
  'Timeline',
  'Resolution and recovery',
  'Action items',
  'Lessons learned',
  'Appendix: evidence',
];

/** Checks every draft must pass; `where` names the draft in messages. */
function checkDraft(md: string, d: Diagnosis, where: string, inputs: readonly string[]): Node {
  const tree = parse(md);
  assert.ok(md.startsWith(`${DRAFT_MARKER}\n`), `${where}: the draft starts with its marker line`);

  // Tables: every row has the header's cell count, and the action items have a type each.
  const tables: Node[] = [];
  walk(tree, (n) => {
    if (n.type === 'table') tables.push(n);
  });
  assert.ok(tables.length >= 2, `${where}: timeline and action item tables`);
  for (const t of tables) {
    const width = t.children![0].children!.length;
    t.children!.forEach((row, i) =>
      assert.equal(row.children!.length, width, `${where}: table row ${i} "${plain(row).slice(0, 120)}" has ${row.children!.length} cells, header ${width}`),
    );
  }
  const actions = tables.find((t) => plain(t.children![0].children![1]) === 'Type');
  assert.ok(actions, `${where}: an Action items table with a Type column`);
  for (const row of actions.children!.slice(1)) assert.match(plain(row.children![1]), /^(mitigate|prevent|detect)$/, `${where}: action item type`);

  // Headings: the template's, in order, plus the evidence appendix's per-finding ones. Nothing else.
  const headings: Node[] = [];
  walk(tree, (n) => {
    if (n.type === 'heading') headings.push(n);
  });
  assert.equal(headings.filter((h) => h.depth === 1).length, 1, `${where}: one title`);
  const h2 = headings.filter((h) => h.depth === 2).map(plain);
  assert.deepEqual(
    h2.filter((h) => SECTIONS.includes(h)),
    SECTIONS,
    `${where}: sections ${h2.join(' / ')}`,
  );
  assert.deepEqual(
    h2.filter((h) => !SECTIONS.includes(h) && !h.startsWith('Appendix: ')),
    [],
    `${where}: unexpected sections`,
  );
  assert.equal(headings.filter((h) => h.depth! > 3).length, 0, `${where}: no deeper headings`);
  assert.equal(headings.filter((h) => h.depth === 3).length, d.findings.length, `${where}: one evidence heading per finding`);

  // No raw HTML but the marker; no link whose text hides its target (a bare URL autolinked by GFM shows itself).
  const html: string[] = [];
  walk(tree, (n) => {
    if (n.type === 'html') html.push(n.value!);
    if (n.type === 'image') assert.fail(`${where}: image ${n.url}`);
    if (n.type === 'link') assert.ok([plain(n), `http://${plain(n)}`, `mailto:${plain(n)}`].includes(n.url!), `${where}: link "${plain(n)}" -> ${n.url}`);
  });
  assert.deepEqual(html, [DRAFT_MARKER], `${where}: raw HTML`);

  // Entities shown as text, empty TODO markers, raw placeholders.
  const seen = visibleText(tree);
  const entity = /&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/gi;
  const logged = new Set(inputs.flatMap((t) => t.match(entity) ?? []));
  for (const s of seen) for (const e of s.match(entity) ?? []) assert.ok(logged.has(e), `${where}: entity ${e} shown as text in "${s.slice(0, 160)}"`);
  let todos = 0;
  walk(tree, (n) => {
    if (n.type !== 'emphasis') return;
    const t = plain(n);
    if (!t.startsWith('TODO')) return;
    todos++;
    assert.match(t, /^TODO(: \S.*)?$/, `${where}: TODO marker "${t}"`);
  });
  assert.ok(todos >= 5, `${where}: TODO markers for a human`);
  assert.ok(!/_TODO:\s*_/.test(md), `${where}: empty TODO marker`);
  const beforeAppendix = md.slice(0, md.indexOf('## Appendix'));
  for (const s of visibleText(parse(beforeAppendix))) assert.ok(!/\{[A-Za-z_][A-Za-z0-9_]*\}/.test(s), `${where}: raw placeholder in "${s}"`);

  // Secrets: none of the kinds planted in the examples reaches the reader.
  for (const s of seen) {
    assert.ok(
      !/AKIA[A-Z0-9]{16}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.|:\/\/[^\s:@/]+:(?!\[REDACTED)[^\s@/]+@/.test(s),
      `${where}: secret in "${s.slice(0, 160)}"`,
    );
  }
  return tree;
}

function filesOf(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .sort()
    .filter((n) => !/^(README\.md|expected\.json)$/.test(n) && statSync(join(dir, n)).isFile())
    .map((n) => ({ name: `${dir}/${n}`, text: readFileSync(join(dir, n), 'utf8') }));
}

describe('postmortem draft as GitHub-flavoured Markdown', () => {
  const bundles = readdirSync(EXAMPLES).filter((n) => existsSync(join(EXAMPLES, n, 'expected.json')));
  it('covers every example incident', () => assert.ok(bundles.length >= 5, bundles.join(', ')));

  for (const b of bundles) {
    it(`${b}: tables, headings, entities, TODOs, placeholders and secrets`, () => {
      const inputs = filesOf(join(EXAMPLES, b));
      const d = diagnoseTexts(cat, inputs, { defaultYear: 2021 });
      const md = renderPostmortem(d, cat, { generatedAt: '2026-12-06 21:00Z' });
      const tree = checkDraft(
        md,
        d,
        b,
        inputs.map((i) => i.text),
      );
      // The evidence keeps log lines verbatim (after redaction) in code blocks.
      const codes: string[] = [];
      walk(tree, (n) => {
        if (n.type === 'code') codes.push(n.value!);
      });
      assert.ok(codes.length >= d.findings.length, `${b}: evidence code blocks`);
      // The timeline is one row per fact: no source line twice, no raw log line as the event.
      const timeline = parse(md.slice(md.indexOf('## Timeline'), md.indexOf('## Resolution')));
      const rows: Node[] = [];
      walk(timeline, (n) => {
        if (n.type === 'tableRow') rows.push(n);
      });
      const sources = rows.slice(1, -1).map((r) => plain(r.children![1]));
      assert.equal(new Set(sources).size, sources.length, `${b}: a source line twice in the timeline: ${sources.join(', ')}`);
      assert.ok(rows.length - 2 <= 30, `${b}: timeline rows`);
      for (const r of rows.slice(1, -1)) assert.match(plain(r.children![1]), /^\S+:\d+$/, `${b}: the source column is file:line`);
    });
  }

  it('names every file the draft was made from, by the name given', () => {
    const inputs = filesOf(join(EXAMPLES, bundles[0]));
    const md = renderPostmortem(diagnoseTexts(cat, inputs, { defaultYear: 2021 }), cat);
    for (const i of inputs) assert.ok(md.includes(`\`${i.name}\``), i.name);
  });

  describe('log text stays inert', () => {
    const hostile = [
      'Apr 13 10:15:02 node-1 kubelet[1234]: E0413 10:15:02.123456 1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/abc: no space left on device',
      'Apr 13 10:15:03 node-1 app[9]: write failed: no space left on device\r# Injected heading | a | b | <script>alert(1)</script> &amp; && [x](http://evil.example) @team www.evil.example `tick` ~~gone~~ $x$',
      'Apr 13 10:15:04 node-1 app[9]: | col | col | no space left on device Bearer abcdef0123456789abcdef https://ci:pa55word-xyz@git.example.com/r.git',
    ].join('\n');
    const d = diagnoseTexts(cat, [{ name: 'node-1.journal', text: hostile }], { defaultYear: 2021 });
    const md = renderPostmortem(d, cat, { generatedAt: '2026-12-06 21:00Z' });

    it('renders as the template, with nothing injected', () => {
      assert.ok(
        d.findings.some((f) => f.signatureId === 'no-space-left-on-device'),
        'the hostile lines match a signature',
      );
      checkDraft(md, d, 'hostile', [hostile]);
      assert.ok(!/\[x\]\(http/.test(md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '')), 'a masked link stays text');
      const tree = parse(md);
      walk(tree, (n) => assert.ok(n.type !== 'delete' && n.type !== 'inlineMath' && n.type !== 'math', `${n.type} from log text`));
      const seen = visibleText(tree).join('\n');
      assert.ok(seen.includes('Injected heading'), 'the text is still shown');
      assert.ok(!seen.includes('abcdef0123456789abcdef') && !seen.includes('pa55word-xyz'), 'secrets redacted');
    });
  });
});

describe('markdown escaping', () => {
  const cells = (md: string): string[][] => {
    const rows: string[][] = [];
    walk(parse(md), (n) => {
      if (n.type === 'tableRow') rows.push(n.children!.map(plain));
    });
    return rows;
  };

  it('keeps a cell whole whatever the text holds', () => {
    const nasty = 'a | b\r# Heading\n| c | d |\u2028x \\| y & <b> &amp;';
    const md = mdTable(['One', 'Two'], [[mdInline(nasty), mdCodeSpan(nasty, true)]]).join('\n');
    const rows = cells(md);
    assert.equal(rows.length, 2);
    assert.equal(rows[1].length, 2);
    assert.equal(rows[1][0], 'a | b # Heading | c | d | x \\| y & <b> &amp;');
    assert.equal(rows[1][1], rows[1][0], 'a code span with `\\|` falls back to escaped text');
    assert.equal(cells(mdTable(['A'], [[mdCodeSpan('grep -E "a|b" && echo ok', true)]]).join('\n'))[1][0], 'grep -E "a|b" && echo ok');
  });

  it('escapes with backslashes, never entities', () => {
    assert.equal(mdInline('<b>*x*</b> [a](b) | c (d) && e'), '\\<b\\>\\*x\\*\\</b\\> \\[a\\](b) \\| c (d) \\&\\& e');
    const tree = parse(mdInline('<b>*x*</b> && 1 < 2 # not a heading'));
    assert.deepEqual(visibleText(tree), ['<b>*x*</b> && 1 < 2 # not a heading']);
  });

  it('cannot open a block at the start of a line', () => {
    for (const s of ['# h', '- item', '+ item', '1. item', '> quote', '    indented', '=== ', '```']) {
      const tree = parse(`- ${mdInline(s)}`);
      const types: string[] = [];
      walk(tree, (n) => types.push(n.type));
      assert.deepEqual(
        types.filter((t) => !['root', 'list', 'listItem', 'paragraph', 'text'].includes(t)),
        [],
        `${s}: ${types.join(',')}`,
      );
      assert.equal(visibleText(tree).join(''), s.trim(), s);
    }
  });

  it('lets no link hide its target', () => {
    const links: [string, string][] = [];
    walk(parse(mdInline('[docs](http://evil.example) ![i](http://evil.example/p.png) <http://x.example> see http://a.example/x')), (n) => {
      if (n.type === 'link' || n.type === 'image') links.push([plain(n), n.url!]);
    });
    assert.ok(links.length > 0);
    for (const [text, url] of links) assert.equal(text, url, 'a link shows its own target');
    assert.ok(!links.some(([t]) => t === 'docs' || t === 'i'));
  });
});
