/**
 * The four-step wizard of "Diagnose Cluster Resource..." (palette, no argument): context ->
 * namespace -> kind -> object, each listed from the cluster (names from the kubeconfig, objects with
 * their status). Steps already given (a preset context or namespace) are skipped.
 */
import * as vscode from 'vscode';
import type { Listing, ListOptions } from '../../cluster/clusterCatalog';
import type { ClusterSpec, ClusterTarget } from '../../cluster/clusterSource';
import { loadCluster } from '../../node/loadCluster';
import { contextPickItems, KIND_ITEMS, namespacePickItems, objectPickItems, type ClusterKind, type PickItem } from './clusterPicks';
import { pickListed } from './pickListed';

// The cluster modules pull in @kubernetes/client-node: loaded on first use (their own bundle), not at activation.
const clusterCatalog = loadCluster;

/** What a kubeconfig problem tells the user to do here (the CLI's messages name its flags instead). */
export const EDITOR_HINTS = { kubeconfig: 'set postmortemLens.cluster.kubeconfig', context: 'pick another context' };

/** Walk context -> namespace -> kind -> object. Undefined when the user backs out. */
export async function pickClusterTarget(preset: ClusterTarget, o: ListOptions): Promise<{ target: ClusterTarget; spec: ClusterSpec } | undefined> {
  const title = 'Postmortem Lens: Diagnose Cluster Resource';
  const catalog = clusterCatalog();
  const target: ClusterTarget = { ...preset };
  const total = 4;

  if (!target.context) {
    const { contexts, problem } = catalog.listContexts(target.kubeconfig, EDITOR_HINTS);
    if (problem || contexts.length === 0) {
      void vscode.window.showErrorMessage(`Postmortem Lens: ${problem ?? `no contexts in ${target.kubeconfig ?? 'the kubeconfig'}`}`);
      return undefined;
    }
    if (contexts.length > 1) {
      const pick = await vscode.window.showQuickPick(contextPickItems(contexts), {
        title: `${title} (1/${total})`,
        placeHolder: 'Context (from the kubeconfig)',
        matchOnDescription: true,
      });
      if (!pick) return undefined;
      target.context = pick.value;
    } else {
      target.context = contexts[0].name;
    }
  }

  if (!target.namespace) {
    const ns = await pickListed({
      title: `${title} (2/${total})`,
      placeholder: 'Namespace (type one that is not listed)',
      what: 'namespace',
      load: async (signal) => {
        const l = await catalog.listNamespaces(target, { ...o, signal });
        return { items: namespacePickItems(l.items, l.namespace), listing: l };
      },
    });
    if (!ns) return undefined;
    target.namespace = ns;
  }

  const kind = await vscode.window.showQuickPick(
    KIND_ITEMS.map((k) => ({ ...k })),
    { title: `${title} (3/${total})`, placeHolder: `What to read in ${target.namespace} (${target.context})` },
  );
  if (!kind) return undefined;
  const spec = await pickObject(kind.value, target, o, `${title} (4/${total})`);
  return spec ? { target, spec } : undefined;
}

/** The last step: the object of the chosen kind (events need none; a workload may be a label selector). */
async function pickObject(kind: ClusterKind, target: ClusterTarget, o: ListOptions, title: string): Promise<ClusterSpec | undefined> {
  const catalog = clusterCatalog();
  const listed = (list: (t: ClusterTarget, x: ListOptions) => Promise<Listing>) => async (signal: AbortSignal) => {
    const l = await list(target, { ...o, signal });
    return { items: objectPickItems(l.items), listing: l };
  };
  switch (kind) {
    case 'events':
      return { events: true };
    case 'pod': {
      const pod = await pickListed({
        title,
        placeholder: `Pod in ${target.namespace} (a deleted pod's name still finds its events)`,
        what: 'pod',
        load: listed(catalog.listPods),
      });
      return pod ? { pod } : undefined;
    }
    case 'node': {
      const node = await pickListed({ title, placeholder: 'Node', what: 'node', load: listed(catalog.listNodes) });
      return node ? { node } : undefined;
    }
    case 'workload': {
      const SELECTOR = '\u0000selector';
      const picked = await pickListed({
        title,
        placeholder: `Workload in ${target.namespace}, or a label selector (app=web)`,
        what: 'workload or selector',
        load: async (signal) => {
          const got = await listed(catalog.listWorkloads)(signal);
          const selector: PickItem<string> = {
            label: '$(filter) Label selector...',
            detail: 'The pods matching a selector such as app=web,tier!=cache',
            alwaysShow: true,
            value: SELECTOR,
          };
          return { items: [selector, ...got.items], listing: got.listing };
        },
      });
      if (picked !== SELECTOR) return picked ? { selector: picked } : undefined;
      const selector = await vscode.window.showInputBox({
        title,
        prompt: `Label selector of the pods in ${target.namespace}`,
        placeHolder: 'app=web,tier in (api,worker)',
        validateInput: (v) => (v.trim() ? undefined : 'Enter a label selector'),
      });
      return selector?.trim() ? { selector: selector.trim() } : undefined;
    }
  }
}
