/**
 * Catalogue commands: browse (the tree and the catalogue page), open one signature's page, reload
 * the signatures, copy a next-check command. Each returns a value the VS Code suites can assert on.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { CataloguePanel } from '../panels/cataloguePanel';
import { didYouMean, signatureIdOf } from '../panels/catalogueView';
import { outgoing } from '../redaction';
import { COMMAND, TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';

/** Register the catalogue commands. */
export function registerCatalogueCommands(services: Services): vscode.Disposable[] {
  const { catalogues, context } = services;
  const extensionUri = context.extensionUri;

  /** Focus the tree, open the page; returns how many signatures the page lists. */
  const browseCatalogue = async (): Promise<number> => {
    await vscode.commands.executeCommand('postmortemLens.catalogue.focus').then(undefined, () => undefined);
    return CataloguePanel.open(catalogues, extensionUri).resultCount;
  };

  /** Open a signature's page (`id` string, or an object with `id`/`signatureId`); returns the id shown. */
  const openSignature = (arg?: unknown): string | undefined => {
    const id = signatureIdOf(arg);
    if (!id) {
      void vscode.window.showWarningMessage('Postmortem Lens: which signature? Pass a signature id.');
      return undefined;
    }
    if (!catalogues.catalogue.get(id)) {
      const guesses = didYouMean(catalogues.catalogue, id);
      const text = guesses.length
        ? `No signature "${id}" in the catalogue. Did you mean ${guesses.map((g) => `"${g}"`).join(', ')}?`
        : `No signature "${id}" in the catalogue.`;
      // Not awaited: the command answers at once; a pick opens that page later.
      void vscode.window.showWarningMessage(text, ...guesses).then((pick) => {
        if (pick) CataloguePanel.open(catalogues, extensionUri, { id: pick, preserveFocus: true });
      });
      return undefined;
    }
    return CataloguePanel.open(catalogues, extensionUri, { id, preserveFocus: true }).show(id);
  };

  /** Reload every signature; returns how many loaded. */
  const reloadCatalogue = (): number => {
    const catalogue = catalogues.reload();
    const n = catalogue.signatures.length;
    const errors = catalogues.userProblems.filter((p) => p.level === 'error').length;
    const text = `Postmortem Lens: ${n} signature${n === 1 ? '' : 's'} loaded${errors ? `, ${errors} error${errors === 1 ? '' : 's'} in your signature files (see Problems)` : ''}.`;
    if (errors) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
    return n;
  };

  /** Copy a command to the clipboard; returns the text copied. */
  const copyCommand = async (arg?: unknown): Promise<string | undefined> => {
    const text = typeof arg === 'string' ? arg : typeof (arg as { command?: unknown })?.command === 'string' ? (arg as { command: string }).command : undefined;
    if (text === undefined) return undefined;
    // A check filled from the incident may carry a value from the log: copied as the Diagnosis page shows it.
    await vscode.env.clipboard.writeText(outgoing(text));
    const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    vscode.window.setStatusBarMessage(`$(clippy) Copied: ${shown.replace(/\s+/g, ' ')}`, 4000);
    return text;
  };

  /**
   * For the VS Code suites (not contributed): the catalogue page's state, after waiting until it
   * reports having drawn the page of `pageId` (when given) and a result list.
   */
  const catalogueViewState = async (opts: { pageId?: string; waitMs?: number } = {}) => {
    const panel = CataloguePanel.instance;
    if (!panel) return undefined;
    const rendered = await panel.whenRendered((r) => Boolean(r.results) && (!opts.pageId || r.page?.id === opts.pageId), opts.waitMs ?? 15000);
    return { shownId: panel.shownId, resultCount: panel.resultCount, query: panel.currentQuery, rendered };
  };

  return [
    ...registerTestHook(TEST_COMMAND.catalogueView, catalogueViewState),
    vscode.commands.registerCommand(COMMAND.browseCatalogue, browseCatalogue),
    vscode.commands.registerCommand(COMMAND.openSignature, openSignature),
    vscode.commands.registerCommand(COMMAND.reloadCatalogue, reloadCatalogue),
    vscode.commands.registerCommand(COMMAND.copyCommand, copyCommand),
    { dispose: () => CataloguePanel.instance?.dispose() },
  ];
}
