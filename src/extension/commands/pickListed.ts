/**
 * A quick pick filled by a listing that arrives later (busy meanwhile), which also takes a typed
 * value that is not listed: the namespace and object steps of "Diagnose Cluster Resource...".
 */
import * as vscode from 'vscode';
import type { Listing } from '../../cluster/clusterCatalog';
import { problemLine, typedPickItem, type PickItem } from './clusterPicks';

/**
 * A quick pick filled by a listing (busy meanwhile), which also takes a typed value that is not
 * listed. A listing problem (403 on namespaces is common) shows in the placeholder.
 */
export function pickListed(o: {
  title: string;
  placeholder: string;
  what: string;
  load: (signal: AbortSignal) => Promise<{ items: PickItem<string>[]; listing: Listing }>;
}): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<string>>();
    const abort = new AbortController();
    let listed: PickItem<string>[] = [];
    let settled = false;
    const finish = (v: string | undefined): void => {
      if (settled) return;
      settled = true;
      abort.abort();
      qp.dispose();
      resolve(v);
    };
    const refresh = (): void => {
      const v = qp.value.trim();
      const known = listed.some((i) => i.value === v);
      qp.items = v && !known ? [typedPickItem(v, o.what), ...listed] : listed;
    };
    qp.title = o.title;
    qp.placeholder = o.placeholder;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    qp.busy = true;
    qp.onDidChangeValue(refresh);
    qp.onDidAccept(() => {
      const value = qp.selectedItems[0]?.value ?? (qp.value.trim() || undefined);
      if (value !== undefined) finish(value); // Enter on an empty, still-loading list: keep waiting
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
    o.load(abort.signal).then(
      ({ items, listing }) => {
        if (settled) return;
        listed = items;
        qp.busy = false;
        const p = listing.problems[0];
        if (p) qp.placeholder = `${o.placeholder}. Not all could be listed: ${problemLine(p)}`;
        else if (listing.truncated) qp.placeholder = `${o.placeholder} (first 500 listed)`;
        refresh();
      },
      (err: unknown) => {
        if (settled) return;
        qp.busy = false;
        qp.placeholder = `${o.placeholder}. Listing failed: ${(err as Error).message}`;
      },
    );
  });
}
