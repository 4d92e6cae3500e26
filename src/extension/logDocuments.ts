/** Which documents are logs: by language, by configured file patterns, or untitled pasted text. */
import * as vscode from 'vscode';

/** Is this document one Postmortem Lens should analyse? */
export function isLogDocument(doc: vscode.TextDocument): boolean {
  if (doc.languageId === 'log' || doc.languageId === 'postmortem-log') return true;
  const cfg = vscode.workspace.getConfiguration('postmortemLens');
  if (doc.isUntitled) return cfg.get<boolean>('analyzeUntitled', true) && (doc.languageId === 'plaintext' || doc.languageId === 'log');
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'vscode-remote' && doc.uri.scheme !== 'postmortem-lens') return false;
  const patterns = cfg.get<string[]>('filePatterns', []);
  return patterns.some((p) => vscode.languages.match({ pattern: p }, doc) > 0);
}
