/**
 * The extension's handle on the engine: the compiled catalogue (shipped + `.postmortem-lens/patterns/`
 * of each workspace folder + folders from settings), reloaded when any of them changes, with the
 * problems of user files kept for the YAML diagnostics.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Catalogue, CatalogueFile, CatalogueProblem } from '../core';
import { builtinCatalogueDir, catalogueFiles } from '../node/loadCatalogue';
import { catalogueFromSources, type CatalogueSources } from '../node/compiledCatalogue';

/** Owns the catalogue and tells when it changed. */
export class CatalogueService implements vscode.Disposable {
  private current: Catalogue;
  private currentSources: CatalogueSources;
  private readonly changed = new vscode.EventEmitter<Catalogue>();
  /** Fires after every reload. */
  readonly onDidChangeCatalogue = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.OutputChannel,
  ) {
    [this.current, this.currentSources] = this.load();
    const touchesUser = (uris: readonly vscode.Uri[]): boolean =>
      uris.some((u) => this.isUserSignatureFile(u) || /[\\/]\.postmortem-lens([\\/]|$)/.test(u.fsPath));
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.isUserSignatureFile(d.uri)) this.scheduleReload();
      }),
      // Edits made through VS Code (explorer, refactorings), including a whole folder created at once,
      // which the file watcher can miss on Linux when the folder is created right after its parent.
      vscode.workspace.onDidCreateFiles((e) => {
        if (touchesUser(e.files)) this.scheduleReload();
      }),
      vscode.workspace.onDidDeleteFiles((e) => {
        if (touchesUser(e.files)) this.scheduleReload();
      }),
      vscode.workspace.onDidRenameFiles((e) => {
        if (touchesUser(e.files.flatMap((f) => [f.oldUri, f.newUri]))) this.scheduleReload();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('postmortemLens.catalogueFolders')) {
          this.watch();
          this.scheduleReload();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        this.scheduleReload();
      }),
      { dispose: () => this.watchers.forEach((w) => w.dispose()) },
    );
    this.watch();
  }

  private watchers: vscode.Disposable[] = [];

  /** File watchers on every user folder, inside the workspace or not (changes made outside VS Code). */
  private watch(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = [];
    const patterns: vscode.GlobPattern[] = ['**/.postmortem-lens/**/*.{yaml,yml}'];
    for (const dir of this.userFolders()) patterns.push(new vscode.RelativePattern(vscode.Uri.file(dir), '**/*.{yaml,yml}'));
    for (const p of patterns) {
      const w = vscode.workspace.createFileSystemWatcher(p);
      this.watchers.push(
        w,
        w.onDidChange(() => this.scheduleReload()),
        w.onDidCreate(() => this.scheduleReload()),
        w.onDidDelete(() => this.scheduleReload()),
      );
    }
  }

  /** The compiled catalogue in force. */
  get catalogue(): Catalogue {
    return this.current;
  }

  /** What the catalogue in force was built from (the analysis worker builds its own from them). */
  get sources(): CatalogueSources {
    return this.currentSources;
  }

  /** Problems of user signature files (the shipped ones are checked in CI). */
  get userProblems(): CatalogueProblem[] {
    const builtin = this.builtinDir();
    return this.current.problems.filter((p) => !p.file.startsWith(builtin));
  }

  /** Folders of user signatures in force. */
  userFolders(): string[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const out = folders.map((f) => path.join(f.uri.fsPath, '.postmortem-lens', 'patterns'));
    const extra = vscode.workspace.getConfiguration('postmortemLens').get<string[]>('catalogueFolders') ?? [];
    const base = folders[0]?.uri.fsPath ?? process.cwd();
    for (const e of extra) out.push(path.isAbsolute(e) ? e : path.join(base, e));
    return out;
  }

  /** True for a YAML file inside one of the user folders. */
  isUserSignatureFile(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && /\.ya?ml$/.test(uri.fsPath) && this.userFolders().some((f) => uri.fsPath.startsWith(f + path.sep));
  }

  private builtinDir(): string {
    const own = path.join(this.extensionPath, 'patterns');
    return existsSync(own) ? own : builtinCatalogueDir();
  }

  private load(): [Catalogue, CatalogueSources] {
    const userFiles: CatalogueFile[] = [];
    for (const dir of this.userFolders()) {
      try {
        userFiles.push(...catalogueFiles(dir, false));
      } catch {
        // A folder that does not exist (yet) is no error: the watcher picks it up when created.
      }
    }
    const sources: CatalogueSources = { builtinDir: this.builtinDir(), userFiles };
    const started = Date.now();
    // The shipped signatures as the build compiled them (dist/catalogue.json), unless their files changed.
    const c = catalogueFromSources(sources);
    this.log.appendLine(
      `catalogue: ${c.signatures.length} signatures, ${c.problems.filter((p) => p.level === 'error').length} errors (${Date.now() - started} ms)`,
    );
    for (const p of c.problems) this.log.appendLine(`  ${p.file}:${p.line}: ${p.level}: ${p.message}`);
    return [c, sources];
  }

  /** Reload now. */
  reload(): Catalogue {
    [this.current, this.currentSources] = this.load();
    this.changed.fire(this.current);
    return this.current;
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.reload(), 250);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const d of this.disposables) d.dispose();
  }
}
