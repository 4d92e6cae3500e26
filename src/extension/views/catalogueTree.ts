/**
 * The Signature Catalogue view (`postmortemLens.catalogue`): categories with counts, severity groups,
 * signatures (a click opens the signature's page), and, when the user's signature files have errors,
 * a "Problems in your signatures" node whose entries open the file at the line.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CatalogueProblem, CompiledSignature } from '../../core';
import type { CatalogueService } from '../catalogueService';
import type { Services } from '../services';
import { buildCatalogueTree, categoryLabel, childrenOf, severityLabel, type CatalogueNode } from './catalogueTreeModel';
import { COMMAND } from '../commandIds';

const SEVERITY_ICONS: Record<string, [icon: string, color: string]> = {
  critical: ['flame', 'list.errorForeground'],
  error: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  info: ['info', 'notificationsInfoIcon.foreground'],
};

const CATEGORY_ICONS: Record<string, string> = {
  'control-plane': 'server-process',
  node: 'server',
  network: 'globe',
  storage: 'database',
  runtime: 'package',
  ci: 'tools',
  workload: 'layers',
  security: 'shield',
  cloud: 'cloud',
};

const severityIcon = (severity: string): vscode.ThemeIcon => {
  const [icon, color] = SEVERITY_ICONS[severity] ?? ['circle-outline', 'foreground'];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
};

/** Tree data of the catalogue view; nodes are plain data built from the catalogue. */
export class CatalogueTreeProvider implements vscode.TreeDataProvider<CatalogueNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the catalogue (or the user's problems) changed. */
  readonly onDidChangeTreeData = this.changed.event;
  private roots: CatalogueNode[] | undefined;

  constructor(private readonly catalogues: CatalogueService) {}

  /** Rebuild from the catalogue in force. */
  refresh(): void {
    this.roots = undefined;
    this.changed.fire();
  }

  /** The top-level nodes (built lazily, once per catalogue). */
  rootNodes(): CatalogueNode[] {
    this.roots ??= buildCatalogueTree(this.catalogues.catalogue.signatures, (cs) => this.isUser(cs), this.catalogues.userProblems);
    return this.roots;
  }

  /** Signatures the tree shows. */
  signatureCount(): number {
    return this.rootNodes().reduce((n, node) => n + (node.kind === 'category' ? node.count : 0), 0);
  }

  private isUser(cs: CompiledSignature): boolean {
    return this.catalogues.isUserSignatureFile(vscode.Uri.file(cs.origin.file));
  }

  getChildren(node?: CatalogueNode): CatalogueNode[] {
    return node ? childrenOf(node) : this.rootNodes();
  }

  getTreeItem(node: CatalogueNode): vscode.TreeItem {
    switch (node.kind) {
      case 'problems': {
        const item = new vscode.TreeItem('Problems in your signatures', vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.errors} error${node.errors === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.tooltip = 'Signature files in your folders that did not load, or loaded with warnings. Fix them and save.';
        item.contextValue = 'problems';
        return item;
      }
      case 'problem':
        return problemItem(node.problem);
      case 'category': {
        const item = new vscode.TreeItem(categoryLabel(node.category), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `category:${node.category}`;
        item.description = String(node.count);
        item.tooltip = `${node.count} signature${node.count === 1 ? '' : 's'} in ${categoryLabel(node.category)}`;
        item.iconPath = new vscode.ThemeIcon(CATEGORY_ICONS[node.category] ?? 'folder');
        item.contextValue = 'category';
        return item;
      }
      case 'severity': {
        const item = new vscode.TreeItem(severityLabel(node.severity), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `severity:${node.category}:${node.severity}`;
        item.description = String(node.signatures.length);
        item.iconPath = severityIcon(node.severity);
        item.contextValue = 'severity';
        return item;
      }
      case 'signature': {
        const s = node.compiled.signature;
        const item = new vscode.TreeItem(s.title, vscode.TreeItemCollapsibleState.None);
        item.id = `signature:${s.id}`;
        item.description = node.user ? `${s.id} · yours` : s.id;
        const tip = new vscode.MarkdownString(undefined, true);
        tip.appendMarkdown('**').appendText(s.title).appendMarkdown('**\n\n');
        tip.appendText(s.summary).appendMarkdown('\n\n');
        tip
          .appendMarkdown(`$(${SEVERITY_ICONS[s.severity]?.[0] ?? 'circle-outline'}) `)
          .appendText(`${s.severity} · ${s.category} · ${s.status} · `)
          .appendMarkdown('`')
          .appendText(s.id)
          .appendMarkdown('`');
        if (node.user) tip.appendMarkdown('\n\n').appendText(`Yours: ${path.basename(node.compiled.origin.file)}`);
        item.tooltip = tip;
        item.iconPath = severityIcon(s.severity);
        item.contextValue = node.user ? 'signature.user' : 'signature';
        item.accessibilityInformation = { label: `${s.title}, ${s.severity}, ${s.id}${node.user ? ', your signature' : ''}` };
        item.command = { command: COMMAND.openSignature, title: 'Open Signature', arguments: [s.id] };
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function problemItem(p: CatalogueProblem): vscode.TreeItem {
  const item = new vscode.TreeItem(p.message, vscode.TreeItemCollapsibleState.None);
  item.description = `${path.basename(p.file)}:${p.line}${p.column ? `:${p.column}` : ''}`;
  item.tooltip = `${p.file}:${p.line}${p.column ? `:${p.column}` : ''}\n${p.level}: ${p.message}`;
  item.iconPath =
    p.level === 'error'
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
      : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  item.resourceUri = vscode.Uri.file(p.file);
  const position = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, (p.column ?? 1) - 1));
  item.command = {
    command: 'vscode.open',
    title: 'Open File at Problem',
    arguments: [vscode.Uri.file(p.file), { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions],
  };
  item.contextValue = 'problem';
  return item;
}

/** Register the catalogue tree; it rebuilds on every catalogue reload. */
export function registerCatalogueTree(services: Services): vscode.Disposable[] {
  const tree = new CatalogueTreeProvider(services.catalogues);
  const view = vscode.window.createTreeView('postmortemLens.catalogue', { treeDataProvider: tree, showCollapseAll: true });
  const describe = (): void => {
    const n = tree.signatureCount();
    view.description = `${n} signature${n === 1 ? '' : 's'}`;
    view.message = n === 0 ? 'No signatures loaded. See the "Postmortem Lens" output for errors.' : undefined;
  };
  describe();
  return [
    tree,
    view,
    services.catalogues.onDidChangeCatalogue(() => {
      tree.refresh();
      describe();
    }),
  ];
}
