/** Escaping for Markdown built from log text: nothing a log says can become markup, HTML or a link. */

/** Escape inline text (also safe inside a table cell). */
export function mdInline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    // Brackets are escaped, so "(" can never start a link target and stays readable unescaped.
    .replace(/[\\`*_{}\[\]|~<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** A fenced code block whose fence cannot be closed by the content. */
export function mdCode(text: string, lang = 'text'): string {
  let fence = '```';
  while (text.includes(fence)) fence += '`';
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Inline code that cannot be broken out of. */
export function mdCodeSpan(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  let ticks = '`';
  while (t.includes(ticks)) ticks += '`';
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${t}${pad}${ticks}`;
}
