/** What every feature of the extension is built from (passed to each `register*` factory). */
import type * as vscode from 'vscode';
import type { DocumentAnalyses } from './documentAnalyses';
import type { EngineService } from './engineService';

/** Shared services. */
export interface Services {
  /** The extension context. */
  context: vscode.ExtensionContext;
  /** Catalogue owner. */
  engine: EngineService;
  /** Per-document analyses. */
  analyses: DocumentAnalyses;
  /** The "Postmortem Lens" output channel. */
  log: vscode.OutputChannel;
}
