/**
 * Which inputs an incident is made of, as the diagnose and postmortem commands are asked: from
 * command arguments (a Uri, an array of Uris, `{ source, uris }`, explorer and editor-title menus'
 * arguments), else by a quick pick (active document or selection, clipboard, files).
 */
import * as vscode from 'vscode';
import type { IncidentRequest } from './incidentSource';
import { pickLogFiles } from './logFilePick';

const isUri = (x: unknown): x is vscode.Uri => x instanceof vscode.Uri;
/** Command links (hovers, Markdown) carry URIs as strings. */
const toUri = (x: unknown): unknown => (typeof x === 'string' && /^[a-z][\w+.-]*:/i.test(x) ? vscode.Uri.parse(x) : x);

/**
 * The request carried by command arguments, or undefined when there are none (then ask).
 * Explorer menus pass `(clicked, selected[])`; editor title menus pass the document's Uri.
 */
export function requestFromArgs(args: readonly unknown[]): IncidentRequest | undefined {
  const first = Array.isArray(args[0]) ? args[0].map(toUri) : toUri(args[0]);
  const second = Array.isArray(args[1]) ? args[1].map(toUri) : args[1];
  if (Array.isArray(second) && second.length && second.every(isUri)) return { source: 'files', uris: second };
  if (isUri(first)) return { source: 'files', uris: [first] };
  if (Array.isArray(first) && first.length && first.every(isUri)) return { source: 'files', uris: first };
  if (first && typeof first === 'object') {
    const o = first as { source?: unknown; uris?: unknown };
    const uris = Array.isArray(o.uris) ? o.uris.filter(isUri) : [];
    if (o.source === 'active' || o.source === 'selection' || o.source === 'clipboard') return { source: o.source } as IncidentRequest;
    if (uris.length) return { source: 'files', uris };
  }
  return undefined;
}

/** Ask which inputs to diagnose. */
export async function pickRequest(title: string): Promise<IncidentRequest | undefined> {
  type Item = vscode.QuickPickItem & { request: 'selection' | 'clipboard' | 'files' };
  const editor = vscode.window.activeTextEditor;
  const items: Item[] = [];
  if (editor) {
    const sel = !editor.selection.isEmpty;
    items.push({
      label: sel ? '$(selection) Selection' : '$(file) Active document',
      description: vscode.workspace.asRelativePath(editor.document.uri),
      detail: sel ? 'The selected lines of the active editor' : 'The whole active document',
      request: 'selection',
    });
  }
  items.push(
    { label: '$(clippy) Clipboard', detail: 'Text copied from a terminal, a chat or a CI page', request: 'clipboard' },
    {
      label: '$(files) Files...',
      detail: 'Log files and folders of one incident (e.g. kubelet journal + Jenkins console + describe output)',
      request: 'files',
    },
  );
  const choice = await vscode.window.showQuickPick(items, { title, placeHolder: 'What should Postmortem Lens read?' });
  if (!choice) return undefined;
  if (choice.request === 'selection' || choice.request === 'clipboard') return { source: choice.request };
  const uris = await pickLogFiles(`${title}: files of one incident`);
  return uris ? { source: 'files', uris } : undefined;
}
