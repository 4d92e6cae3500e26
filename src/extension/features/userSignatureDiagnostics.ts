/**
 * Problems of the user's signature files (`.postmortem-lens/patterns/*.yaml` and the folders in
 * `postmortemLens.catalogueFolders`) in the Problems panel, at the file's line and column: schema
 * errors, rule syntax errors, unsafe regexes, duplicate ids, examples that do not behave. Updated
 * after every catalogue reload and, for an open file, 300 ms after each edit (the unsaved text is
 * checked on its own against the catalogue in force).
 */
import * as vscode from 'vscode';
import type { CatalogueProblem } from '../../core';
import type { Services } from '../services';
import { readSignatureFile } from '../../node/loadCatalogue';
import { checkSignatureText, problemSpan, uniqueProblems, type CheckContext } from './signatureProblems';

const LIVE_DELAY_MS = 300;

/** Register the `postmortemLens.signatures` diagnostic collection and keep it current. */
export function registerUserSignatureDiagnostics(services: Services): vscode.Disposable[] {
  const { catalogues, log } = services;
  const collection = vscode.languages.createDiagnosticCollection('postmortemLens.signatures');
  /** Results of unsaved texts, by URI; used while the document stays dirty. */
  const live = new Map<string, { version: number; problems: CatalogueProblem[] }>();
  const timers = new Map<string, NodeJS.Timeout>();
  let generation = 0;

  const context = (): CheckContext => ({
    get: (id) => catalogues.catalogue.get(id),
    isUserFile: (file) => catalogues.isUserSignatureFile(vscode.Uri.file(file)),
  });
  const openDocument = (uri: vscode.Uri): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

  const toDiagnostics = (problems: readonly CatalogueProblem[], lines: readonly string[]): vscode.Diagnostic[] =>
    problems.map((p) => {
      const span = problemSpan(p, lines[p.line - 1] ?? '');
      const d = new vscode.Diagnostic(
        new vscode.Range(span.line, span.start, span.line, span.end),
        p.message,
        p.level === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'Postmortem Lens';
      return d;
    });

  const show = (uri: vscode.Uri, problems: readonly CatalogueProblem[], text: string): void => {
    if (problems.length === 0) collection.delete(uri);
    else collection.set(uri, toDiagnostics(problems, text.split(/\r?\n/)));
  };

  /** Every user file's problems as saved (or as typed, for dirty documents), after a reload. */
  const publishAll = async (): Promise<void> => {
    const mine = ++generation;
    const byFile = new Map<string, CatalogueProblem[]>();
    for (const p of catalogues.userProblems) {
      const list = byFile.get(p.file) ?? [];
      list.push(p);
      byFile.set(p.file, list);
    }
    for (const cs of catalogues.catalogue.signatures) {
      if (!byFile.has(cs.origin.file) && catalogues.isUserSignatureFile(vscode.Uri.file(cs.origin.file))) byFile.set(cs.origin.file, []);
    }
    const results: [vscode.Uri, CatalogueProblem[], string][] = [];
    for (const [file, engineProblems] of byFile) {
      const uri = vscode.Uri.file(file);
      const doc = openDocument(uri);
      const pending = live.get(uri.toString());
      if (doc?.isDirty && pending && pending.version === doc.version) {
        results.push([uri, pending.problems, doc.getText()]);
        continue;
      }
      // Read as the catalogue reads it: bounded, and never a FIFO (the catalogue has said why not).
      const read = doc && !doc.isDirty ? { text: doc.getText(), unread: undefined } : readSignatureFile(file, false);
      if (read.unread) {
        results.push([uri, engineProblems, '']);
        continue;
      }
      const text = read.text;
      results.push([uri, uniqueProblems([...engineProblems, ...checkSignatureText(file, text, context(), engineProblems)]), text]);
      await new Promise((r) => setImmediate(r)); // Keep the extension host responsive between files.
      if (mine !== generation) return;
    }
    if (mine !== generation) return;
    collection.clear();
    for (const [uri, problems, text] of results) show(uri, problems, text);
    for (const [key, entry] of live) {
      const doc = openDocument(vscode.Uri.parse(key));
      if (doc?.isDirty && entry.version === doc.version && !results.some(([u]) => u.toString() === key)) show(doc.uri, entry.problems, doc.getText());
    }
  };

  /** Check the unsaved text of one open user signature file. */
  const checkDocument = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    if (doc.isClosed || !catalogues.isUserSignatureFile(doc.uri)) return;
    const file = doc.uri.fsPath;
    const text = doc.getText();
    const engineProblems = catalogues.userProblems.filter((p) => p.file === file);
    const problems = checkSignatureText(file, text, context(), engineProblems);
    live.set(key, { version: doc.version, problems });
    show(doc.uri, problems, text);
  };

  const schedule = (doc: vscode.TextDocument): void => {
    if (!catalogues.isUserSignatureFile(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        try {
          checkDocument(doc);
        } catch (err) {
          log.appendLine(`signature check failed for ${doc.uri.fsPath}: ${(err as Error).stack ?? err}`);
        }
      }, LIVE_DELAY_MS),
    );
  };

  const republish = (): void => {
    publishAll().catch((err) => log.appendLine(`signature diagnostics failed: ${(err as Error).stack ?? err}`));
  };

  republish();
  return [
    collection,
    catalogues.onDidChangeCatalogue(republish),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) schedule(e.document);
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (doc.isDirty) schedule(doc);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      live.delete(doc.uri.toString());
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      const key = doc.uri.toString();
      clearTimeout(timers.get(key));
      timers.delete(key);
      // Closing without saving returns to the saved state: show what the catalogue knows of it.
      if (live.delete(key)) republish();
    }),
    {
      dispose: () => {
        for (const t of timers.values()) clearTimeout(t);
        timers.clear();
      },
    },
  ];
}
