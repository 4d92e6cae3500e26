/**
 * The small part of Markdown the catalogue's explanations use, read into plain data: paragraphs,
 * bullet and numbered lists, fenced code, headings; inline `code`, **bold**, *emphasis* and
 * [links](https://...). The page turns these into DOM nodes with text content only, so nothing in a
 * signature is ever parsed as HTML. No DOM here, so it is unit-tested in Node.
 */

/** A run of inline text. */
export type Inline = { kind: 'text' | 'code' | 'strong' | 'em'; text: string } | { kind: 'link'; text: string; url: string };

/** A block of the explanation. */
export type Block =
  { kind: 'paragraph' | 'heading'; inlines: Inline[] } | { kind: 'list'; ordered: boolean; items: Inline[][] } | { kind: 'code'; text: string };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s](?:[^*]*[^*\s])?)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Split a line of text into inline runs. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const push = (run: Inline): void => {
    const prev = out[out.length - 1];
    if (run.kind === 'text' && prev?.kind === 'text') prev.text += run.text;
    else if (run.text !== '') out.push(run);
  };
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) push({ kind: 'text', text: text.slice(last, at) });
    if (m[1] !== undefined) push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) push({ kind: 'strong', text: m[2] ?? m[3] });
    else if (m[4] !== undefined) push({ kind: 'em', text: m[4] });
    else push({ kind: 'link', text: m[5], url: m[6] });
    last = at + m[0].length;
  }
  if (last < text.length) push({ kind: 'text', text: text.slice(last) });
  return out;
}

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,3}[.)])\s+(.*)$/;

/** Read Markdown text into blocks. Line breaks inside a paragraph or list item become spaces. */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = (): void => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', inlines: parseInline(paragraph.join(' ')) });
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    paragraph = [];
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) code.push(lines[i]);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', inlines: parseInline(heading[1].trim()) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1]);
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[2].trim());
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (list) flush();
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}
