/**
 * Escaping for GitHub-flavoured Markdown built from log text: nothing a log says can become markup,
 * HTML, a link, a heading or a table cell boundary. Backslash escapes only, never HTML entities: an
 * entity shows literally in GFM code spans and in editors that paste Markdown as text (`&amp;&amp;`).
 */

/** CommonMark line endings (`\n`, `\r\n` and a lone `\r`), the Unicode line/paragraph separators and other control characters. */
const BREAKS = /[\r\n\u2028\u2029\u0085]+|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Inline text on one line: every line ending or control character becomes a space. */
function oneLine(text: string): string {
  return text.replace(BREAKS, ' ');
}

/**
 * Escape text for inline use, in a paragraph, a list item or a table cell. ASCII punctuation that
 * can open markup is backslash-escaped (`\|` keeps a table cell whole), so no link can hide its
 * target behind other text; leading spaces go, so the text cannot become an indented code block. A
 * bare URL may still be linked by the renderer (GFM autolinks text nodes after escapes are read), and
 * then shows exactly where it goes.
 */
export function mdInline(text: string): string {
  return (
    oneLine(text)
      .trimStart()
      .replace(/[\\`*_{}[\]|~<>&#$!]/g, (c) => `\\${c}`)
      // A line may start with the text (a list item): `-`, `+`, `=` or `1.` there would open a block.
      .replace(/^([-+=]|\d+(?=[.)]))/, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`))
  );
}

/**
 * A Markdown link to a web page whose title and address come from a signature file (which may be a
 * workspace's own, untrusted): the title is escaped text, and the address must be http(s) and is
 * percent-encoded where a character could end the link's destination and start another link (a
 * `command:` link inside a trusted hover). Any other address gives the title alone, as text.
 */
export function mdWebLink(title: string, url: string): string {
  const text = mdInline(title);
  if (!/^https?:\/\/[^\s/?#]+/i.test(url)) return text;
  const target = url.replace(/[\s()<>"'`\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${text}](${target})`;
}

/** A fenced code block whose fence cannot be closed by the content. */
export function mdCode(text: string, lang = 'text'): string {
  let fence = '```';
  while (text.includes(fence)) fence += '`';
  // A lone `\r` ends a line in Markdown; as a newline it stays inside the fence.
  return `${fence}${lang}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/**
 * Inline code that cannot be broken out of. In a table cell (`inTable`) a `|` is written `\|`,
 * which GFM reads back as `|` inside the code; content with a backslash right before a `|` cannot
 * be written that way (`\\|` would end the cell), so it becomes escaped text instead.
 */
export function mdCodeSpan(text: string, inTable = false): string {
  let t = oneLine(text);
  if (inTable) {
    if (/\\\|/.test(t)) return mdInline(t);
    t = t.replace(/\|/g, '\\|');
  }
  let ticks = '`';
  while (t.includes(ticks)) ticks += '`';
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '') ? ' ' : '';
  return `${ticks}${pad}${t}${pad}${ticks}`;
}

/** A GFM table: one row per entry, every row with the header's cell count (short rows padded). Cells are Markdown already escaped for a table. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const row = (cells: readonly string[]): string => `| ${header.map((_, i) => cells[i] ?? '').join(' | ')} |`;
  return [row(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(row)];
}
