/** What every feature of the extension is built from (passed to each `register*` factory). */
import type * as vscode from 'vscode';
import type { DocumentAnalyses } from './documentAnalyses';
import type { CatalogueService } from './catalogueService';
import type { ClusterDocuments } from './commands/clusterDocuments';

/** Shared services. */
export interface Services {
  /** The extension context. */
  context: vscode.ExtensionContext;
  /** Catalogue owner. */
  catalogues: CatalogueService;
  /** Per-document analyses. */
  analyses: DocumentAnalyses;
  /** The "Postmortem Lens" output channel. */
  log: vscode.OutputChannel;
  /** The read-only documents of inputs fetched from a cluster or a log store (`postmortem-lens:` URIs). */
  fetched: ClusterDocuments;
}
