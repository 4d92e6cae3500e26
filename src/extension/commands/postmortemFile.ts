/**
 * Where saved postmortem drafts go and what they are called, and the command links used in Problems
 * entries. Pure (no `vscode`), so the unit suite covers them; paths are URI paths (`/`-separated).
 */
import * as path from 'node:path';

export { draftTitle, isoDay, kebabTitle, postmortemFileName } from '../../core/report/draftFile';

/** `YYYY-MM-DD HH:MMZ` of `date` in UTC, for the draft's "generated on". */
export function generatedAtLabel(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** Where to save a draft, and why it is not the configured folder when it is not. */
export interface DraftFolder {
  /** URI path of the folder. */
  folder: string;
  /** Set when the configured folder was inside a folder of the incident's logs. */
  movedFrom?: string;
}

const inside = (child: string, parent: string): boolean => {
  const rel = path.posix.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.posix.isAbsolute(rel));
};

/**
 * The folder a draft is saved in: `setting` (absolute, or relative to `workspaceRoot`), unless that
 * lies inside a folder holding one of the incident's files (`inputFiles`, URI paths): a draft
 * there would be read back as a log of the incident the next time the folder is diagnosed. Then
 * the draft goes to a `postmortems` folder beside the outermost such folder. Undefined when the
 * setting is relative and there is no workspace folder.
 */
export function draftFolder(setting: string, workspaceRoot: string | undefined, inputFiles: readonly string[]): DraftFolder | undefined {
  const configured = path.posix.isAbsolute(setting) ? path.posix.normalize(setting) : workspaceRoot ? path.posix.join(workspaceRoot, setting) : undefined;
  if (!configured) return undefined;
  const logDirs = [...new Set(inputFiles.map((f) => path.posix.dirname(f)))];
  let folder = configured;
  for (;;) {
    const holders = logDirs.filter((dir) => inside(folder, dir));
    if (!holders.length) break;
    const outermost = holders.reduce((a, b) => (a.length <= b.length ? a : b));
    const parent = path.posix.dirname(outermost);
    if (parent === outermost) return undefined;
    folder = path.posix.join(parent, path.posix.basename(configured) || 'postmortems');
  }
  return folder === configured ? { folder } : { folder, movedFrom: configured };
}

/** The `command:` link that opens signature `id` in the catalogue (for Problems entries and Markdown). */
export function openSignatureCommandUri(id: string): string {
  return `command:postmortemLens.openSignature?${encodeURIComponent(JSON.stringify([id]))}`;
}
