/**
 * The Fleet view (`postmortemLens.fleet`) and "Count Fleet in Log Store..." (`postmortemLens.countFleet`):
 * which signatures fire where, counted by the store's own aggregation (no line fetched; the core's
 * `fleetCounts` result, the same as `postmortem-lens fleet`), ranked by severity and spread. A row
 * opens onto its groups; clicking a group runs "Diagnose from Log Store..." on that group's lines of the
 * same window (drill-down), which verifies the candidate counts.
 *
 * ClickHouse and Elasticsearch count through their adapter's `fleetCounts` (`GROUP BY`; composite and
 * filters aggregations), Loki through `lokiFleetCounts`
 * (instant `sum by (...) (count_over_time(...))` queries), as `postmortem-lens fleet` does.
 */
import * as vscode from 'vscode';
import { FLEET_GROUPS, lokiGroupLabels, signaturePatterns, type FleetTable, type GroupOrigins, grouped } from '../../core';
import { COMMAND } from '../commandIds';
import { loadLogstores } from '../../node/loadLogstores';
import type { LokiSource } from '../../logstores/lokiSource';
import type { Services } from '../services';
import { pickConnection, pickNarrowing, pickWindow, type ChosenWindow } from '../stores/pickStoreRequest';
import { openSource, readConnections, storeFailure, withStoreProgress, type StoreFailureResult } from '../stores/storeAccess';
import { parseWhen, windowLabel, windowOf, type StoreConnection, type StoreNarrowing } from '../stores/storeConnections';
import type { StoreSecrets } from '../stores/storeSecrets';
import { drillArgs, fleetChildren, fleetRoots, groupName, type FleetNode, type FleetResult } from './fleetTreeModel';

/** The view's id. */
export const FLEET_VIEW = 'postmortemLens.fleet';

const SEVERITY_ICONS: Record<string, [icon: string, color: string]> = {
  critical: ['flame', 'list.errorForeground'],
  error: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  info: ['info', 'notificationsInfoIcon.foreground'],
};

/** Tree data of the Fleet view; nodes are plain data built from the last count. */
export class FleetTreeProvider implements vscode.TreeDataProvider<FleetNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private current: FleetResult | undefined;

  /** The last count shown. */
  get result(): FleetResult | undefined {
    return this.current;
  }

  /** Show a new count. */
  show(result: FleetResult): void {
    this.current = result;
    this.changed.fire();
  }

  getChildren(node?: FleetNode): FleetNode[] {
    if (!this.current) return [];
    return node ? fleetChildren(node) : fleetRoots(this.current);
  }

  getTreeItem(node: FleetNode): vscode.TreeItem {
    const r = this.current!;
    if (node.kind === 'row') {
      const { row } = node;
      const item = new vscode.TreeItem(row.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${row.spread} of ${node.groupsInWindow} ${r.by}${node.groupsInWindow === 1 ? '' : 's'} · ${grouped(row.total)} line${row.total === 1 ? '' : 's'}`;
      const [icon, color] = SEVERITY_ICONS[row.severity] ?? ['circle-outline', 'foreground'];
      item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
      item.tooltip = new vscode.MarkdownString().appendText(
        `${row.severity} · ${row.id}\nCandidate lines (holding a literal of the signature), counted by ${r.connection.name}; not verified occurrences: click a ${r.by} to diagnose it.`,
      );
      item.contextValue = 'fleetRow';
      item.id = `row:${row.id}`;
      return item;
    }
    if (node.kind === 'group') {
      const name = groupName(node.group, r.by);
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
      item.description = `${grouped(node.lines)} line${node.lines === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('debug-start');
      item.tooltip = new vscode.MarkdownString().appendText(
        `Diagnose ${name} (${windowLabel(r.since, r.until)}): the verified findings, root causes and the postmortem draft`,
      );
      item.command = { command: COMMAND.diagnoseStore, title: 'Diagnose', arguments: [drillArgs(r, node.group)] };
      item.contextValue = 'fleetGroup';
      item.id = `group:${node.row.id}:${node.group}`;
      return item;
    }
    const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('info');
    if (node.detail) item.tooltip = node.detail;
    return item;
  }
}

/** The command's argument (tests): asks nothing (except a password not yet kept). */
export interface FleetArgs extends StoreNarrowing {
  connection: string;
  /** `node` (default), `pod`, `namespace`, `service`; for Loki a label. */
  by?: string;
  since?: string;
  until?: string;
}

/** Register the view and "Count Fleet in Log Store...". */
export function registerFleetView(services: Services, secrets: StoreSecrets): { provider: FleetTreeProvider; disposables: vscode.Disposable[] } {
  const provider = new FleetTreeProvider();
  const view = vscode.window.createTreeView(FLEET_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  const count = async (arg?: FleetArgs): Promise<{ result?: FleetResult; failure?: StoreFailureResult } | undefined> => {
    const title = 'Postmortem Lens: Count Fleet in Log Store';
    try {
      const connections = readConnections(services);
      let connection: StoreConnection | undefined;
      let window: ChosenWindow | undefined;
      let narrowing: StoreNarrowing | undefined;
      let by: string | undefined;
      if (arg && typeof arg === 'object' && typeof arg.connection === 'string') {
        connection = connections.find((c) => c.name === arg.connection);
        const now = new Date();
        const since = parseWhen(arg.since ?? '1h', now);
        const until = parseWhen(arg.until ?? '0s', now);
        if (!connection || 'error' in since || 'error' in until) {
          void vscode.window.showErrorMessage(
            `${title}: ${connection ? 'the window is not a time or a duration' : `no connection "${arg.connection}" in postmortemLens.logStores`}.`,
          );
          return undefined;
        }
        window = { since, until };
        narrowing = { query: arg.query, where: arg.where };
        by = arg.by ?? 'node';
      } else {
        connection = await pickConnection(connections, `${title} (1/4)`);
        if (!connection) return undefined;
        const pick = await vscode.window.showQuickPick(
          FLEET_GROUPS.map((g) => ({ label: g })),
          { title: `${title} (2/4): ${connection.name}`, placeHolder: 'Count per' },
        );
        by = pick?.label;
        window = by ? await pickWindow(`${title} (3/4): ${connection.name}`) : undefined;
        narrowing = window && (await pickNarrowing(connection, `${title} (4/4): ${connection.name}`));
        if (!by || !window || !narrowing) return undefined;
      }
      if (connection.kind === 'clickhouse' && !(FLEET_GROUPS as readonly string[]).includes(by)) {
        void vscode.window.showErrorMessage(`${title}: count per ${FLEET_GROUPS.join(', ')}, not "${by}".`);
        return undefined;
      }
      // Loki: a group is the first of these labels a stream has (`--by` of the CLI).
      const lokiLabels = connection.kind === 'loki' ? lokiGroupLabels(by) : [];
      const opened = await openSource(connection, secrets, narrowing);
      if (!('source' in opened)) return { failure: opened };
      const { source } = opened;
      const w = window;
      let signal: AbortSignal | undefined;
      try {
        const table = await withStoreProgress(`Postmortem Lens: counting per ${by} in ${connection.name} (${windowLabel(w.since, w.until)})`, (s, report) => {
          signal = s;
          report('counting candidate lines (no line is fetched)');
          const fp = signaturePatterns(services.catalogues.catalogue);
          const span = windowOf(w.since, w.until);
          if (connection.kind === 'clickhouse' || connection.kind === 'elasticsearch') return source.fleetCounts!(fp, by as never, span, s);
          const { lokiFleetCounts } = loadLogstores();
          return lokiFleetCounts(source as LokiSource, narrowing.query ?? connection.query ?? '', fp, lokiLabels, span, { signal: s });
        });
        const { origins, groupFields } = table as FleetTable & { origins?: GroupOrigins; groupFields?: string[] };
        const result: FleetResult = {
          connection,
          by,
          since: w.since,
          until: w.until,
          narrowing,
          table,
          ...(origins && connection.kind === 'loki' ? { loki: { labels: lokiLabels, origins } } : {}),
          ...(origins && groupFields ? { elastic: { fields: groupFields, origins } } : {}),
        };
        provider.show(result);
        view.message = `${connection.name}, per ${by}, ${windowLabel(w.since, w.until)}: candidate lines (not verified); click a ${by} to diagnose it`;
        void vscode.commands.executeCommand(`${FLEET_VIEW}.focus`);
        return { result };
      } catch (err) {
        return { failure: storeFailure(services, secrets, connection, err, signal) };
      } finally {
        await source.close?.();
      }
    } catch (err) {
      services.log.appendLine((err as Error).stack ?? String(err));
      void vscode.window.showErrorMessage(`${title}: failed: ${(err as Error).message}`);
      return undefined;
    }
  };
  return { provider, disposables: [view, vscode.commands.registerCommand(COMMAND.countFleet, count)] };
}
