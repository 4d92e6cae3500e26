/**
 * Names of saved postmortem drafts and the command links used in Problems entries. Pure (no
 * `vscode`), so the unit suite covers them.
 */

/** `Image GC failed on node-3!` -> `image-gc-failed-on-node-3` (ASCII, at most `max` characters). */
export function kebabTitle(title: string, max = 60): string {
  const k = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\[redacted:[^\]]*\]/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = k.length > max ? k.slice(0, max).replace(/-[^-]*$/, '') || k.slice(0, max) : k;
  return cut.replace(/-+$/g, '') || 'incident';
}

/** `YYYY-MM-DD` of `date` in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD-<kebab-title>.md` for a draft made on `date`. */
export function postmortemFileName(title: string, date: Date): string {
  return `${isoDay(date)}-${kebabTitle(title)}.md`;
}

/** The title of a rendered draft: its first `# Postmortem: ...` heading, unescaped roughly. */
export function draftTitle(markdown: string): string {
  const m = /^#\s+Postmortem:?\s*(.*)$/m.exec(markdown);
  const raw = (m?.[1] ?? '').replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
  return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim() || 'incident';
}

/** `YYYY-MM-DD HH:MMZ` of `date` in UTC, for the draft's "generated on". */
export function generatedAtLabel(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** The `command:` link that opens signature `id` in the catalogue (for Problems entries and Markdown). */
export function openSignatureCommandUri(id: string): string {
  return `command:postmortemLens.openSignature?${encodeURIComponent(JSON.stringify([id]))}`;
}
