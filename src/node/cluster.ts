/**
 * The cluster adapter's entry points for the CLI and the extension. In a build this is its own bundle,
 * dist/cluster.js: it holds @kubernetes/client-node's kubeconfig code, most of the bytes of a bundle
 * that has it. Load it with {@link loadCluster} (loadCluster.ts), when a cluster is read, so no other
 * command reads, parses or compiles it.
 */
export { collectClusterInputs } from '../cluster/clusterSource';
export { listContexts, listNamespaces, listNodes, listPods, listWorkloads } from '../cluster/clusterCatalog';
