/** Shared by the cluster suites: the fake API server's lifecycle and kubeconfig variants. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { DEFAULT_FIXTURE_DIR, startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '../../cluster/fakeApiServer';
import { collectClusterInputs, type ClusterLimits, type ClusterSpec } from '../../../src/cluster/clusterSource';

/** The fixtures' clock: ages in renderings are stable. */
export const NOW = new Date('2024-11-14T10:00:00Z');

/** The pods of the fixtures (namespace ci). */
export const PODS = {
  evicted: 'backend-main-142-8zq4n-m2k7x',
  oom: 'payments-api-6d8f7b9c5d-7kq2n',
  restarted: 'payments-api-6d8f7b9c5d-t5wzx',
  imagePull: 'report-generator-7f9c6d5b8-hx4pl',
  creating: 'artifact-cache-0',
};

/** Start a fake API server for a suite (before/after hooks); the returned holder is filled in `before`. */
export function fakeServer(options: Partial<FakeApiServerOptions> = {}): { srv: FakeApiServer } {
  const holder = {} as { srv: FakeApiServer };
  before(async function () {
    this.timeout(30000);
    holder.srv = await startFakeApiServer({ fixtures: DEFAULT_FIXTURE_DIR, ...options });
  });
  after(async () => holder.srv?.close());
  return holder;
}

/** A copy of the server's kubeconfig changed by `edit` (the parsed YAML). */
export function kubeconfigVariant(srv: FakeApiServer, edit: (kc: Record<string, any>) => void): string {
  const kc = YAML.parse(readFileSync(srv.kubeconfigPath, 'utf8'));
  edit(kc);
  const file = join(mkdtempSync(join(tmpdir(), 'pml-kc-')), 'kubeconfig');
  writeFileSync(file, YAML.stringify(kc), { mode: 0o600 });
  return file;
}

/** collectClusterInputs on the fake server in namespace ci. */
export function collect(srv: FakeApiServer | string, spec: ClusterSpec, limits: ClusterLimits = {}, signal?: AbortSignal) {
  const kubeconfig = typeof srv === 'string' ? srv : srv.kubeconfigPath;
  return collectClusterInputs({ kubeconfig, namespace: 'ci' }, spec, limits, { now: () => NOW, signal });
}
