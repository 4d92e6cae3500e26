/**
 * Which documents are logs, and the user's say in it. In order:
 * 1. the user's choice for this document ("Treat as Incident Log" / "Stop Treating as Incident Log"),
 *    remembered per file in the workspace state (per untitled document while it is open: untitled
 *    names are reused);
 * 2. the `log` and `postmortem-log` languages;
 * 3. untitled (pasted) text, when `postmortemLens.analyzeUntitled` is on: in plain text always, in
 *    any other language when its head reads as a log (core's `sniffLog`). VS Code's language
 *    detection calls a pasted `kubectl describe` YAML and a journal excerpt a shell script, and those
 *    are read; a Markdown draft or notes the user writes in an untitled editor are not flooded;
 * 4. files matching `postmortemLens.filePatterns`;
 * 5. any other file whose head reads as a log, so a `.txt` of `kubectl get` output is read while a
 *    YAML manifest or a script the user edits is not.
 */
import * as vscode from 'vscode';
import { isPostmortemDraft, sniffLog, SNIFF_CHARS, SNIFF_LINES, type LogSniff } from '../core';

/** Why a document is read as a log, or why not. */
export type LogReason = 'chosen' | 'stopped' | 'language' | 'untitled' | 'untitledOff' | 'pattern' | 'content' | 'notLog' | 'scheme';

/** The decision for one document. */
export interface LogVerdict {
  /** Read (analysed) as an incident log. */
  isLog: boolean;
  /** What decided it. */
  reason: LogReason;
  /** The sniff of the document's head, when its content was read to decide. */
  sniff?: LogSniff;
}

/** Schemes of documents read without being asked (a diff's `git:` side or an output channel are not). */
const SCHEMES = new Set(['file', 'vscode-remote', 'postmortem-lens']);
/** Workspace-state key of the remembered choices: `{ [uri]: true | false }`. */
const CHOICES_KEY = 'postmortemLens.logChoices';
/** Choices remembered at most (the oldest are forgotten first). */
const MAX_CHOICES = 500;

let store: vscode.Memento | undefined;
const untitledChoices = new Map<string, boolean>();
const sniffs = new WeakMap<vscode.TextDocument, { version: number; head: string; sniff: LogSniff }>();

/** Keep the user's choices in `memento` (the extension's workspace state); called once at activation. */
export function rememberChoicesIn(memento: vscode.Memento): void {
  store = memento;
}

function storedChoices(): Record<string, boolean> {
  return store?.get<Record<string, boolean>>(CHOICES_KEY) ?? {};
}

/** The user's choice for a document, if they made one. */
export function logChoice(uri: vscode.Uri): boolean | undefined {
  const key = uri.toString();
  return uri.scheme === 'untitled' ? untitledChoices.get(key) : storedChoices()[key];
}

/**
 * Record (or with `undefined` forget) the user's choice for a document. A choice equal to what
 * the document would get anyway is forgotten, so a later change of settings or content still counts.
 */
export async function setLogChoice(doc: vscode.TextDocument, choice: boolean | undefined): Promise<void> {
  const key = doc.uri.toString();
  const value = choice === undefined || defaultVerdict(doc).isLog === choice ? undefined : choice;
  if (doc.uri.scheme === 'untitled') {
    if (value === undefined) untitledChoices.delete(key);
    else untitledChoices.set(key, value);
    return;
  }
  const all = { ...storedChoices() };
  delete all[key];
  if (value !== undefined) all[key] = value; // re-inserted last: the newest choice
  const keys = Object.keys(all);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_CHOICES))) delete all[old];
  await store?.update(CHOICES_KEY, all);
}

/** Forget the choice for an untitled document once it is really closed (not just re-opened in another language). */
export function forgetUntitledChoice(uri: vscode.Uri): void {
  untitledChoices.delete(uri.toString());
}

/** The head of a document as the sniff reads it: its first lines, at most SNIFF_CHARS characters. */
function headOf(doc: vscode.TextDocument): string {
  const parts: string[] = [];
  let size = 0;
  // Blank lines do not count towards the sniff's line budget: read a few times as many.
  const n = Math.min(doc.lineCount, SNIFF_LINES * 4);
  for (let i = 0; i < n && size < SNIFF_CHARS; i++) {
    const text = doc.lineAt(i).text;
    const part = text.length > SNIFF_CHARS - size ? text.slice(0, SNIFF_CHARS - size) : text;
    parts.push(part);
    size += part.length + 1;
  }
  return parts.join('\n');
}

/** The sniff of a document's head, read again only when the head changed. */
export function sniffDocument(doc: vscode.TextDocument): LogSniff {
  const cached = sniffs.get(doc);
  if (cached && cached.version === doc.version) return cached.sniff;
  const head = headOf(doc);
  const sniff = cached && cached.head === head ? cached.sniff : sniffLog(head);
  sniffs.set(doc, { version: doc.version, head, sniff });
  return sniff;
}

/** The decision without the user's choice: language, untitled, file patterns, content. */
function defaultVerdict(doc: vscode.TextDocument): LogVerdict {
  if (doc.languageId === 'log' || doc.languageId === 'postmortem-log') return { isLog: true, reason: 'language' };
  const cfg = vscode.workspace.getConfiguration('postmortemLens');
  // Our own postmortem draft quotes log lines: it is never an incident log of its own.
  if (isPostmortemDraft(doc.getText(new vscode.Range(0, 0, 4, 0)))) return { isLog: false, reason: 'notLog' };
  if (doc.isUntitled) {
    if (!cfg.get<boolean>('analyzeUntitled', true)) return { isLog: false, reason: 'untitledOff', sniff: sniffDocument(doc) };
    if (doc.languageId === 'plaintext') return { isLog: true, reason: 'untitled' };
    const sniff = sniffDocument(doc);
    return { isLog: sniff.isLog, reason: sniff.isLog ? 'untitled' : 'notLog', sniff };
  }
  if (!SCHEMES.has(doc.uri.scheme)) return { isLog: false, reason: 'scheme' };
  const patterns = cfg.get<string[]>('filePatterns', []);
  if (patterns.some((p) => vscode.languages.match({ pattern: p }, doc) > 0)) return { isLog: true, reason: 'pattern' };
  const sniff = sniffDocument(doc);
  return { isLog: sniff.isLog, reason: sniff.isLog ? 'content' : 'notLog', sniff };
}

/** Whether and why a document is read as a log. */
export function logVerdict(doc: vscode.TextDocument): LogVerdict {
  const choice = logChoice(doc.uri);
  if (choice === true) return { isLog: true, reason: 'chosen' };
  if (choice === false) return { isLog: false, reason: 'stopped' };
  return defaultVerdict(doc);
}

/** Is this document one Postmortem Lens should analyse? */
export function isLogDocument(doc: vscode.TextDocument): boolean {
  return logVerdict(doc).isLog;
}
