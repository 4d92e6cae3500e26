/**
 * Log stores in the editor: "Diagnose from Log Store...", the Fleet view with "Count Fleet in Log
 * Store...", and "Forget Log Store Credentials...", sharing one {@link StoreSecrets} over the
 * extension's SecretStorage.
 */
import * as vscode from 'vscode';
import { COMMAND, TEST_COMMAND } from '../commandIds';
import type { Services } from '../services';
import { registerTestHook } from '../testHooks';
import { registerFleetView } from '../views/fleetTree';
import { fleetChildren, fleetRoots } from '../views/fleetTreeModel';
import { registerDiagnoseStoreCommand } from './diagnoseStore';
import { cancelStoreReads, readConnections } from './storeAccess';
import { StoreSecrets } from './storeSecrets';

/** Register the log-store commands and the Fleet view. */
export function registerLogStores(services: Services): vscode.Disposable[] {
  const secrets = new StoreSecrets(services.context.secrets);
  const fleet = registerFleetView(services, secrets);
  const forget = async (name?: string): Promise<string[]> => {
    const all = readConnections(services);
    const kept: string[] = [];
    for (const c of all) if (await secrets.has(c.name)) kept.push(c.name);
    let names: string[];
    if (typeof name === 'string') names = [name];
    else {
      if (kept.length === 0) {
        void vscode.window.showInformationMessage('Postmortem Lens: no log-store credentials are kept.');
        return [];
      }
      const picks = await vscode.window.showQuickPick(
        kept.map((n) => ({ label: n })),
        { title: 'Postmortem Lens: Forget Log Store Credentials', placeHolder: 'Connections whose password or token to forget', canPickMany: true },
      );
      if (!picks?.length) return [];
      names = picks.map((p) => p.label);
    }
    for (const n of names) await secrets.forget(n);
    void vscode.window.showInformationMessage(`Postmortem Lens: forgot the credentials of ${names.join(', ')}; they are asked at the next read.`);
    return names;
  };
  return [
    ...registerDiagnoseStoreCommand(services, secrets),
    ...fleet.disposables,
    vscode.commands.registerCommand(COMMAND.forgetStoreCredentials, forget),
    // The tests keep a secret as the password box would, and read whether one is kept and what the Fleet view shows.
    ...registerTestHook(TEST_COMMAND.storeSecret, async (name: string, secret?: string) => {
      if (secret !== undefined) await secrets.set(name, secret);
      return secrets.has(name);
    }),
    ...registerTestHook(TEST_COMMAND.cancelStoreReads, cancelStoreReads),
    ...registerTestHook(TEST_COMMAND.fleetView, () => {
      const r = fleet.provider.result;
      if (!r) return undefined;
      const items = (nodes: ReturnType<typeof fleetRoots>): unknown[] =>
        nodes.map((n) => {
          const t = fleet.provider.getTreeItem(n);
          return {
            label: t.label,
            description: t.description,
            command: t.command && { command: t.command.command, arguments: t.command.arguments },
            children: items(fleetChildren(n)),
          };
        });
      return { connection: r.connection.name, by: r.by, rows: r.table.rows, items: items(fleetRoots(r)) };
    }),
  ];
}
