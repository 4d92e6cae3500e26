/**
 * The user's say in which documents are read: "Treat as Incident Log" and "Stop Treating as Incident
 * Log" (palette, editor title menu, the language status item), remembered per document (see
 * logDocuments.ts). The language status item (the `{}` next to the language mode, where VS Code's own
 * TypeScript and JSON features say what they do with a file) tells why a document is read, or that a
 * document which looks like a log is not, with the one-click way to change it. Context keys:
 * `postmortemLens.isLogDocument` (the active document is read), `postmortemLens.canTreatAsLog` (it
 * is not, and could be) and `postmortemLens.offerTreatAsLog` (it is not, and might be a log).
 */
import * as vscode from 'vscode';
import type { LogSniff } from '../../core';
import { forgetUntitledChoice, isLogDocument, logVerdict, setLogChoice, type LogVerdict } from '../logDocuments';
import type { Services } from '../services';
import { COMMAND } from '../commandIds';

/** Schemes whose documents can be treated as a log (not output channels, settings, diff sides of other tools ...). */
const TREATABLE = new Set(['file', 'untitled', 'vscode-remote', 'postmortem-lens', 'git', 'vscode-vfs']);
/** Never matches a document: hides the language status item. */
const NOWHERE: vscode.DocumentSelector = { scheme: 'postmortem-lens-nowhere' };

/** What the language status says about a document, or undefined to say nothing. */
export function statusOf(verdict: LogVerdict): { text: string; detail: string; command: vscode.Command } | undefined {
  const stop: vscode.Command = { title: 'Stop', command: COMMAND.stopTreatingAsLog, tooltip: 'Stop reading this document as an incident log' };
  const treat: vscode.Command = { title: 'Treat as Incident Log', command: COMMAND.treatAsLog, tooltip: 'Read this document as an incident log' };
  switch (verdict.reason) {
    case 'chosen':
      return { text: '$(pulse) Incident log', detail: 'read because you chose to', command: stop };
    case 'language':
      return { text: '$(pulse) Incident log', detail: 'read: a log by its language mode', command: stop };
    case 'untitled':
      return {
        text: '$(pulse) Incident log',
        detail: verdict.sniff ? `read: pasted text; ${looks(verdict.sniff)}` : 'read: pasted (untitled) text',
        command: stop,
      };
    case 'pattern':
      return { text: '$(pulse) Incident log', detail: 'read: matches postmortemLens.filePatterns', command: stop };
    case 'content':
      return { text: '$(pulse) Incident log', detail: `read: ${looks(verdict.sniff)}`, command: stop };
    case 'stopped':
      return { text: '$(circle-slash) Not read as a log', detail: 'you stopped it', command: treat };
    case 'untitledOff':
      return verdict.sniff?.isLog
        ? {
            text: '$(circle-slash) Not read as a log',
            detail: `${looks(verdict.sniff)}; untitled text is off (postmortemLens.analyzeUntitled)`,
            command: treat,
          }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * A document not read that might be a log: the editor title menu offers "Treat as Incident Log" for
 * these only (the palette for any), so a source file's menu stays free of it.
 */
function isPlausibleLog(doc: vscode.TextDocument, verdict: LogVerdict): boolean {
  if (doc.isUntitled || doc.languageId === 'plaintext' || verdict.reason === 'stopped') return true;
  return (verdict.sniff?.confidence ?? 0) >= 0.25;
}

function looks(sniff: LogSniff | undefined): string {
  if (!sniff) return 'looks like a log';
  const kind = sniff.kind && sniff.kind !== 'plain' ? `a ${sniff.kind} log` : 'a log';
  return `its first ${sniff.lines} lines read as ${kind} (${Math.round(sniff.confidence * 100)}%)`;
}

/** Register the commands, context keys, language status and the re-reading on changes. */
export function registerTreatAsLog({ analyses }: Services): vscode.Disposable[] {
  const status = vscode.languages.createLanguageStatusItem('postmortemLens.logStatus', NOWHERE);
  status.name = 'Postmortem Lens';

  let shown = '';
  const update = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    const verdict = doc ? logVerdict(doc) : undefined;
    const isLog = verdict?.isLog ?? false;
    const canTreat = !!doc && !isLog && TREATABLE.has(doc.uri.scheme);
    const offer = canTreat && !!verdict && isPlausibleLog(doc, verdict);
    const said = verdict && statusOf(verdict);
    // Called on every edit of the active document: tell the workbench only what changed.
    const now = JSON.stringify([doc?.uri.toString(), doc?.languageId, isLog, canTreat, offer, said]);
    if (now === shown) return;
    shown = now;
    void vscode.commands.executeCommand('setContext', 'postmortemLens.isLogDocument', isLog);
    void vscode.commands.executeCommand('setContext', 'postmortemLens.canTreatAsLog', canTreat);
    void vscode.commands.executeCommand('setContext', 'postmortemLens.offerTreatAsLog', offer);
    if (!doc || !said) {
      status.selector = NOWHERE;
      return;
    }
    status.selector = { scheme: doc.uri.scheme, language: doc.languageId };
    status.text = said.text;
    status.detail = said.detail;
    status.command = said.command;
    status.accessibilityInformation = { label: `Postmortem Lens: ${said.text.replace(/\$\([\w-]+\) /, '')}, ${said.detail}` };
  };

  /** The document a command acts on: its argument (editor title and Explorer menus pass a Uri), else the active one. */
  const target = async (arg: unknown): Promise<vscode.TextDocument | undefined> => {
    if (arg instanceof vscode.Uri) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
      if (open) return open;
      try {
        return await vscode.workspace.openTextDocument(arg);
      } catch (err) {
        void vscode.window.showWarningMessage(`Postmortem Lens: cannot open ${vscode.workspace.asRelativePath(arg)}: ${(err as Error).message}`);
        return undefined;
      }
    }
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) void vscode.window.showWarningMessage('Postmortem Lens: open the document to read (or stop reading) as an incident log first.');
    return doc;
  };

  const choose = async (arg: unknown, choice: boolean): Promise<boolean | undefined> => {
    const doc = await target(arg);
    if (!doc) return undefined;
    await setLogChoice(doc, choice);
    analyses.reevaluate(doc);
    update();
    return isLogDocument(doc);
  };

  /** A document whose reading changed without an open event (a setting, an edit of its head): analyse it, or drop its findings. */
  const recheck = (doc: vscode.TextDocument): void => {
    if (!!analyses.get(doc.uri) !== isLogDocument(doc)) analyses.reevaluate(doc);
  };

  update();
  return [
    status,
    vscode.commands.registerCommand(COMMAND.treatAsLog, (arg?: unknown) => choose(arg, true)),
    vscode.commands.registerCommand(COMMAND.stopTreatingAsLog, (arg?: unknown) => choose(arg, false)),
    vscode.window.onDidChangeActiveTextEditor(update),
    // A language change closes and re-opens the document; DocumentAnalyses reads it again on open.
    vscode.workspace.onDidOpenTextDocument(() => {
      update();
      setTimeout(update, 0);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme !== 'untitled') return;
      // Closed for good unless it came back at once in another language (VS Code closes and re-opens
      // it in one go); a new untitled document may get the same name later and must not inherit the choice.
      setTimeout(() => {
        if (!vscode.workspace.textDocuments.some((o) => o.uri.toString() === d.uri.toString())) forgetUntitledChoice(d.uri);
      }, 0);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      // A document that became a log is read by DocumentAnalyses' own listener; one that stopped being one is dropped here.
      if (analyses.get(e.document.uri) && !isLogDocument(e.document)) analyses.reevaluate(e.document);
      if (e.document === vscode.window.activeTextEditor?.document) update();
    }),
    analyses.onDidChange((a) => {
      if (a.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('postmortemLens.filePatterns') && !e.affectsConfiguration('postmortemLens.analyzeUntitled')) return;
      for (const d of vscode.workspace.textDocuments) recheck(d);
      update();
    }),
  ];
}
