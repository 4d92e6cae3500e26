/**
 * The YAML a reader copies from README.md and docs/*.md is valid as written: every ```yaml block parses
 * without errors or warnings, and where it lists signature rules (`match:` / `exclude:`) each one is a
 * string that the rule language compiles without a warning. Unquoted, `- The node was low on resource: {word:resource}`
 * parses fine but as a mapping, so parsing alone would not catch it.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML, { isSeq, LineCounter, type Node } from 'yaml';
import { compileRule } from '../../../src/core';

const ROOT = join(__dirname, '..', '..', '..');

interface Snippet {
  file: string;
  line: number;
  text: string;
}

/** The ```yaml (or ```yml) fenced blocks of a Markdown file, with the line their text starts on. */
export function yamlBlocks(file: string, markdown: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*ya?ml\b/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++) body.push(lines[j].slice(open[1].length));
    out.push({ file, line: i + 2, text: body.join('\n') + '\n' });
    i = j;
  }
  return out;
}

/** What is wrong with one snippet (empty when nothing), each as `file:line: message`. */
function problems(s: Snippet): string[] {
  const lc = new LineCounter();
  const at = (offset = 0): string => `${s.file}:${s.line + lc.linePos(offset).line - 1}`;
  const doc = YAML.parseDocument(s.text, { prettyErrors: false, uniqueKeys: true, lineCounter: lc });
  const found = [...doc.errors, ...doc.warnings].map((e) => `${at(e.pos[0])}: ${e.message}`);
  if (found.length) return found;
  for (const key of ['match', 'exclude']) {
    const rules = YAML.isMap(doc.contents) ? (doc.contents.get(key, true) as Node | undefined) : undefined;
    if (rules === undefined) continue;
    if (!isSeq(rules)) {
      found.push(`${at(rules.range?.[0])}: ${key} is not a list`);
      continue;
    }
    rules.items.forEach((item, n) => {
      const rule = (item as Node).toJSON() as unknown;
      const where = at((item as Node).range?.[0]);
      if (typeof rule !== 'string') {
        found.push(`${where}: ${key}[${n}] is not a string but ${JSON.stringify(rule)}: quote the rule`);
        return;
      }
      const c = compileRule(rule, true);
      for (const e of [...c.errors, ...c.warnings]) found.push(`${where}: ${key}[${n}] "${rule}": ${e.message}`);
    });
  }
  return found;
}

describe('docs: YAML snippets are valid as written', () => {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join('docs', f)),
  ];
  const snippets = files.flatMap((f) => yamlBlocks(f, readFileSync(join(ROOT, f), 'utf8')));

  it('finds the rule examples of README.md and docs/signature-language.md', () => {
    const where = new Set(snippets.map((s) => s.file));
    assert.ok(where.has('README.md') && where.has(join('docs', 'signature-language.md')), [...where].join(', '));
  });

  it('every ```yaml block parses, and its rules are strings the rule language compiles', () => {
    const all = snippets.flatMap(problems);
    assert.deepEqual(all, [], `\n${all.join('\n')}`);
  });

  it('catches an unquoted rule that YAML reads as a mapping', () => {
    const bad = problems({ file: 'x.md', line: 10, text: 'match:\n  - The node was low on resource: {word:resource}\n  - "fine {word:w}"\n' });
    assert.equal(bad.length, 1);
    assert.match(bad[0], /^x\.md:11: match\[0\] is not a string .*quote the rule/);
    assert.match(problems({ file: 'x.md', line: 1, text: 'match:\n  - "unclosed ( group"\n' })[0], /match\[0\] "unclosed \( group": unclosed group/);
    assert.match(problems({ file: 'x.md', line: 5, text: 'a: 1\nb: [2\n' })[0], /^x\.md:[67]: /);
  });
});
