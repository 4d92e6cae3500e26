/**
 * Read a request's inputs into sources: the active document or its selection (whole lines), the
 * clipboard, or files and folders (a folder as its log files). Files larger than
 * `postmortemLens.largeFileThresholdMB`, and gzip files, stay on disk to be streamed; FIFOs, devices
 * and broken links are skipped and said so.
 */
import * as vscode from 'vscode';
import { decodeBytes } from '../../core';
import { checkPath, isGzipFile } from '../../node/logFiles';
import type { IncidentRequest, IncidentSource } from './incidentSource';
import { findLogFiles, MAX_FILES, MAX_SNIFFED } from './logFilePick';

/** Read the request's inputs (file texts stay on disk when large). Undefined, with a message, when there is nothing to read. */
export async function gatherSources(request: IncidentRequest): Promise<IncidentSource[] | undefined> {
  if (request.source === 'clipboard') {
    const text = await vscode.env.clipboard.readText();
    if (!text.trim()) return fail('The clipboard holds no text to diagnose.');
    return [{ name: 'clipboard', text, lineOffset: 0, large: false }];
  }
  if (request.source === 'active' || request.source === 'selection') {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return fail('Open a log in an editor first (or choose the clipboard or files).');
    const doc = editor.document;
    const name = vscode.workspace.asRelativePath(doc.uri);
    const sel = editor.selection;
    if (request.source === 'selection' && !sel.isEmpty) {
      // Whole lines, so the engine sees timestamps and headers of the first selected line.
      const range = new vscode.Range(sel.start.line, 0, sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1, 0);
      const text = doc.getText(doc.validateRange(range));
      return [
        {
          name: `${name}:${range.start.line + 1}-${Math.max(range.start.line + 1, range.end.line)}`,
          uri: doc.uri,
          text,
          lineOffset: range.start.line,
          large: false,
        },
      ];
    }
    return [{ name, uri: doc.uri, text: doc.getText(), lineOffset: 0, large: false }];
  }
  const threshold = vscode.workspace.getConfiguration('postmortemLens').get<number>('largeFileThresholdMB', 50) * 1024 * 1024;
  const sources: IncidentSource[] = [];
  const skipped: string[] = [];
  for (const uri of await expandFolders(request.uris)) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const name = vscode.workspace.asRelativePath(uri);
    let compressed = false;
    if (!open && uri.scheme === 'file') {
      // As the CLI checks its inputs: a link to nothing is skipped and the rest read; a FIFO (it would
      // wait for a writer) or a device (it never ends) is never opened.
      const c = checkPath(uri.fsPath);
      if (!c.ok || c.kind !== 'file') {
        skipped.push(
          `${name} (${c.ok ? 'a FIFO (named pipe), not a regular file: reading it would wait for a writer' : c.why.replace(/; to read part of it.*$/, '')})`,
        );
        continue;
      }
      compressed = isGzipFile(uri.fsPath);
    }
    let stat: vscode.FileStat | undefined;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      if (!open) return fail(`Cannot read ${name}.`);
    }
    const year = stat ? new Date(stat.mtime).getUTCFullYear() : undefined;
    if (stat && compressed) {
      sources.push({ name, uri, lineOffset: 0, size: stat.size, large: true, compressed, year });
    } else if (stat && stat.size > threshold) {
      sources.push({ name, uri, lineOffset: 0, size: stat.size, large: true, year });
    } else if (open) {
      // An open document may hold unsaved edits: read what the user sees.
      sources.push({ name, uri, text: open.getText(), lineOffset: 0, large: false, year });
    } else {
      const bytes = await vscode.workspace.fs.readFile(uri);
      // Decoded as the engine decodes a stream (UTF-16, Latin-1, CR line ends), so line numbers agree.
      sources.push({ name, uri, text: decodeBytes(bytes).text, size: bytes.byteLength, lineOffset: 0, large: false, year });
    }
  }
  if (skipped.length) void vscode.window.showWarningMessage(`Postmortem Lens: skipped ${skipped.join(', ')}.`);
  return sources.length ? sources : fail('No files to diagnose.');
}

/**
 * The files to read: files as given, folders as their log files (subfolders included; see
 * findLogFiles). What a folder holds that is not a log is skipped and said so.
 */
async function expandFolders(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const skipped: string[] = [];
  for (const uri of uris) {
    let type = vscode.FileType.File;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      // Not on disk (e.g. an untitled document): keep it, gatherSources reads the open document.
    }
    if (!(type & vscode.FileType.Directory)) {
      out.push(uri);
      continue;
    }
    const found = await findLogFiles(uri);
    const name = vscode.workspace.asRelativePath(uri);
    if (found.logs.length === 0) {
      const others = found.others.length ? `: ${files(found.others.length)}, none reads as a log (${list(found.others)})` : ': it holds no files';
      void vscode.window.showWarningMessage(`Postmortem Lens: no log files in ${name}${others}.`);
      continue;
    }
    out.push(...found.logs);
    if (found.others.length)
      skipped.push(`${files(found.others.length)} of ${name} that ${found.others.length === 1 ? 'is not a log' : 'are not logs'} (${list(found.others)})`);
    if (found.truncated) skipped.push(`some of ${name} not looked at (more than ${MAX_FILES} files, or ${MAX_SNIFFED} to read)`);
  }
  if (skipped.length) void vscode.window.setStatusBarMessage(`Postmortem Lens: skipped ${skipped.join('; ')}`, 15_000);
  return out;
}

/** "1 file", "3 files". */
const files = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;

/** A few file names for a message. */
function list(uris: readonly vscode.Uri[]): string {
  const names = uris.slice(0, 4).map((u) => u.path.slice(u.path.lastIndexOf('/') + 1));
  return uris.length > 4 ? `${names.join(', ')} ...` : names.join(', ');
}

/** Say `message` as a warning; undefined, so a reader can `return fail(...)`. */
function fail(message: string): undefined {
  void vscode.window.showWarningMessage(`Postmortem Lens: ${message}`);
  return undefined;
}
