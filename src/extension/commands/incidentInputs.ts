/**
 * What an incident is made of, as the diagnose and postmortem commands read it: the active
 * document (or its selection), the clipboard, or several files that are one incident. Chooses by a
 * quick pick, or from command arguments (a Uri, an array of Uris, `{ source, uris }`), reads the
 * inputs and runs the engine: small inputs through `diagnoseTexts`, and when a file is larger than
 * `postmortemLens.largeFileThresholdMB` every input through `diagnoseStreams`, the large files
 * streamed from disk with a cancellable progress notification.
 */
import * as vscode from 'vscode';
import { decodeBytes, DiagnosisCancelled, diagnoseStreams, diagnoseTexts, InputFailure, sniffYears, type Diagnosis, type LogKind, type StreamInput } from '../../core';
import { errnoWords } from '../../node/errnoWords';
import { checkPath, fileBytes, isGzipFile, logBytes } from '../../node/logFiles';
import type { Services } from '../services';
import { findLogFiles, MAX_FILES, MAX_SNIFFED, pickLogFiles, readHead } from './logFilePick';

/** Where the text of an incident comes from. */
export type IncidentRequest =
  | { source: 'active' }
  | { source: 'selection' }
  | { source: 'clipboard' }
  | { source: 'files'; uris: vscode.Uri[] };

/** Arguments the commands accept (besides none, which asks). */
export type IncidentArgs = vscode.Uri | vscode.Uri[] | { source: 'active' | 'selection' | 'clipboard'; uris?: vscode.Uri[] } | { uris: vscode.Uri[] };

/** One input of the run, with what is needed to show its lines later. */
export interface IncidentSource {
  /** Display name given to the engine. */
  name: string;
  /** Document or file to reveal lines in; none for clipboard text. */
  uri?: vscode.Uri;
  /** 0-based editor line of the input's first line (a selection's start), else 0. */
  lineOffset: number;
  /** The text, when read into memory (documents, selections, clipboard, small files). */
  text?: string;
  /** Size in bytes of a file on disk. */
  size?: number;
  /** True when streamed from disk (larger than the threshold, or compressed): VS Code cannot hand it to extensions. */
  large: boolean;
  /** True for a gzip file: streamed and decompressed; its line numbers are those of the text inside. */
  compressed?: boolean;
  /** Year assumed for timestamps without one: the incident's (from dated lines), else the file's modification year. */
  year?: number;
  /** The log kind when known (cluster renderings: `kubectl-describe`, `kubectl-get`); else detected per segment. */
  kind?: LogKind;
}

/** A finished run. */
export interface IncidentRun {
  /** The engine's answer. */
  diagnosis: Diagnosis;
  /** The inputs, in the diagnosis's input order. */
  sources: IncidentSource[];
}

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
    { label: '$(files) Files...', detail: 'Log files and folders of one incident (e.g. kubelet journal + Jenkins console + describe output)', request: 'files' },
  );
  const choice = await vscode.window.showQuickPick(items, { title, placeHolder: 'What should Postmortem Lens read?' });
  if (!choice) return undefined;
  if (choice.request === 'selection' || choice.request === 'clipboard') return { source: choice.request };
  const uris = await pickLogFiles(`${title}: files of one incident`);
  return uris ? { source: 'files', uris } : undefined;
}

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
      return [{ name: `${name}:${range.start.line + 1}-${Math.max(range.start.line + 1, range.end.line)}`, uri: doc.uri, text, lineOffset: range.start.line, large: false }];
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
        skipped.push(`${name} (${c.ok ? 'a FIFO (named pipe), not a regular file: reading it would wait for a writer' : c.why.replace(/; to read part of it.*$/, '')})`);
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
    if (found.others.length) skipped.push(`${files(found.others.length)} of ${name} that ${found.others.length === 1 ? 'is not a log' : 'are not logs'} (${list(found.others)})`);
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

/** The first 256 KiB of a source, for finding the incident's year. */
async function headOf(s: IncidentSource): Promise<string> {
  if (s.text !== undefined) return s.text.slice(0, 256 * 1024);
  return (await readHead(s.uri as vscode.Uri, 256 * 1024)) ?? '';
}

/** Run the engine over the sources. Undefined when the user cancelled. */
export async function runDiagnosis(services: Services, sources: IncidentSource[]): Promise<Diagnosis | undefined> {
  const catalogue = services.engine.catalogue;
  // The incident's own year (dated lines in any input) beats file times for logs that omit it.
  const sniffed = sniffYears(await Promise.all(sources.map((s) => headOf(s))));
  sources.forEach((s, i) => { s.year = sniffed[i] ?? s.year; });
  const years = sources.map((s) => s.year).filter((y): y is number => y !== undefined);
  const defaultYear = years.length ? Math.max(...years) : new Date().getUTCFullYear();
  if (!sources.some((s) => s.large)) {
    return diagnoseTexts(catalogue, sources.map((s) => ({ name: s.name, text: s.text ?? '', kind: s.kind, defaultYear: s.year })), { defaultYear });
  }
  const inputs: StreamInput[] = sources.map((s) => {
    if (s.text !== undefined) {
      const bytes = Buffer.from(s.text, 'utf8');
      return { name: s.name, chunks: [bytes], size: bytes.byteLength, kind: s.kind, defaultYear: s.year, text: true };
    }
    const uri = s.uri as vscode.Uri;
    // The CLI's reader: opened when read, gzip decompressed as it streams.
    const read = uri.scheme === 'file'
      ? fileBytes(uri.fsPath)
      : logBytes((async function* () { yield await vscode.workspace.fs.readFile(uri); })());
    return { name: s.name, chunks: read.chunks, notices: read.notices, consumed: read.consumed, size: s.size, kind: s.kind, defaultYear: s.year };
  });
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Postmortem Lens: diagnosing', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        try {
          return await diagnoseStreams(catalogue, inputs, {
            defaultYear,
            // Files too large for the editor: bounded like the CLI, and the Diagnosis view says "first N of M".
            maxOccurrencesPerFinding: 10_000,
            signal: abort.signal,
            onProgress: (p) => {
              if (!p.totalBytes) return;
              const pct = Math.min(100, Math.floor((p.bytes * 100) / p.totalBytes));
              if (pct > shown) {
                progress.report({ increment: pct - shown, message: `${pct}% (${p.input})` });
                shown = pct;
              }
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (err) {
    if (err instanceof DiagnosisCancelled) {
      void vscode.window.showInformationMessage('Postmortem Lens: diagnosis cancelled.');
      return undefined;
    }
    throw err;
  }
}

/** Ask (when there are no arguments), read and diagnose. Undefined when cancelled or nothing to read. */
export async function diagnoseIncident(services: Services, args: readonly unknown[], title: string): Promise<IncidentRun | undefined> {
  const request = requestFromArgs(args) ?? (await pickRequest(title));
  if (!request) return undefined;
  const sources = await gatherSources(request);
  if (!sources) return undefined;
  const diagnosis = await runDiagnosis(services, sources);
  return diagnosis ? { diagnosis, sources } : undefined;
}

/**
 * What a failed run says: a file that could not be read, in words; anything else is a bug, said
 * with the input it was reading and where its details are, never as a stack trace.
 */
export function failureMessage(err: unknown): string {
  const input = err instanceof InputFailure ? err.input : undefined;
  const e = (err instanceof InputFailure ? err.error : err) as NodeJS.ErrnoException;
  if (input && typeof e?.code === 'string' && typeof e.path === 'string') return `cannot read ${input}: ${errnoWords(e)}.`;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return `internal error${input ? ` while reading ${input}` : ''} (${what}). This is a bug in Postmortem Lens, not in your logs: please report it with the details from Output > Postmortem Lens.`;
}

function fail(message: string): undefined {
  void vscode.window.showWarningMessage(`Postmortem Lens: ${message}`);
  return undefined;
}
