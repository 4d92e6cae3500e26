import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import YAML from 'yaml';
import { KubeconfigError, loadKubeconfig, useContext, type LoadedKubeconfig } from '../../../src/cluster/kubeconfig';

const TOKEN = 'secret-token-0123456789abcdef';

function kubeconfig(dir: string, name: string, o: { current?: string; contexts?: string[]; cluster?: string } = {}): string {
  const file = join(dir, name);
  const contexts = o.contexts ?? ['dev'];
  writeFileSync(
    file,
    YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      ...(o.current ? { 'current-context': o.current } : {}),
      clusters: [{ name: o.cluster ?? 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'u', user: { token: TOKEN } }],
      contexts: contexts.map((c) => ({ name: c, context: { cluster: 'c', user: 'u' } })),
    }),
  );
  return file;
}

/** Run `fn` with $HOME and $KUBECONFIG set (undefined: unset), restoring them after. */
function withEnv<T>(env: { HOME: string; KUBECONFIG?: string }, fn: () => T): T {
  const saved = { HOME: process.env.HOME, KUBECONFIG: process.env.KUBECONFIG, KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST };
  process.env.HOME = env.HOME;
  delete process.env.KUBERNETES_SERVICE_HOST; // inside a pod the service account would be found
  if (env.KUBECONFIG === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = env.KUBECONFIG;
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KubeconfigError, `not a KubeconfigError: ${(err as Error).stack}`);
    assert.ok(!err.message.includes(TOKEN), 'a credential in the message');
    return err.message;
  }
  throw new Error('did not fail');
}

describe('kubeconfig: found as kubectl finds it, every failure says what to do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pml-kubeconfig-'));
  const home = join(dir, 'home');
  mkdirSync(home);

  it('with no $KUBECONFIG and no ~/.kube/config: "no kubeconfig found", not a default server', () => {
    assert.equal(
      failure(() => withEnv({ HOME: home }, () => loadKubeconfig(undefined))),
      'no kubeconfig found (looked in $KUBECONFIG, ~/.kube/config); pass --kubeconfig FILE',
    );
    assert.match(
      failure(() => withEnv({ HOME: home, KUBECONFIG: join(dir, 'gone') }, () => loadKubeconfig(undefined))),
      /^no kubeconfig found \(looked in \$KUBECONFIG=.*gone, which names no existing file\); pass --kubeconfig FILE$/,
    );
    assert.match(
      failure(() => withEnv({ HOME: home }, () => loadKubeconfig(undefined, { kubeconfig: 'set postmortemLens.cluster.kubeconfig', context: 'pick one' }))),
      /; set postmortemLens\.cluster\.kubeconfig$/,
    );
  });

  it('reads ~/.kube/config, and merges the existing files of $KUBECONFIG (first current-context wins)', () => {
    const h = join(dir, 'home2');
    mkdirSync(join(h, '.kube'), { recursive: true });
    kubeconfig(join(h, '.kube'), 'config', { current: 'dev' });
    const fromHome = withEnv({ HOME: h }, () => loadKubeconfig(undefined));
    assert.equal(fromHome.kc.getCurrentContext(), 'dev');
    const a = kubeconfig(dir, 'a.yaml', { contexts: ['a'] });
    const b = kubeconfig(dir, 'b.yaml', { contexts: ['b', 'a'], current: 'b' });
    const merged = withEnv({ HOME: home, KUBECONFIG: [join(dir, 'missing'), a, b].join(delimiter) }, () => loadKubeconfig(undefined));
    assert.deepEqual(merged.sources, [a, b]);
    assert.deepEqual(
      merged.kc.getContexts().map((c) => c.name),
      ['a', 'b'],
    );
    assert.equal(merged.kc.getCurrentContext(), 'b');
  });

  it('names the file and the reason when it cannot be read or parsed, without quoting it', () => {
    assert.match(
      failure(() => loadKubeconfig(join(dir, 'nope'))),
      /^cannot read the kubeconfig .*nope: no such file; check the path, or pass --kubeconfig FILE$/,
    );
    assert.match(
      failure(() => loadKubeconfig(dir)),
      /^cannot read the kubeconfig .*: it is a directory, not a file;/,
    );
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `users:\n- name: u\n  user: {token: ${TOKEN}\ncontexts: []\n`);
    assert.match(
      failure(() => loadKubeconfig(bad)),
      /^the kubeconfig .*bad\.yaml is not valid YAML \(.+ at line \d+, column \d+\); fix it, or pass --kubeconfig FILE to use another$/,
    );
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, '');
    assert.match(
      failure(() => loadKubeconfig(empty)),
      /empty\.yaml is empty or not a kubeconfig/,
    );
    const noServer = join(dir, 'noserver.yaml');
    writeFileSync(noServer, 'clusters:\n- name: c\n  cluster: {}\n');
    assert.match(
      failure(() => loadKubeconfig(noServer)),
      /noserver\.yaml cannot be used: clusters\[0\]\.cluster\.server is missing; fix it/,
    );
  });

  it('needs a context: the current one, or --context; lists the ones it has', () => {
    const file = kubeconfig(dir, 'nocurrent.yaml', { contexts: ['dev', 'prod'] });
    const load = (): LoadedKubeconfig => loadKubeconfig(file);
    assert.match(
      failure(() => useContext(load(), undefined)),
      /^the kubeconfig .*nocurrent\.yaml has no current-context \(it has: dev, prod\); pass --context NAME, or run kubectl config use-context NAME$/,
    );
    assert.equal(
      failure(() => useContext(load(), 'staging')),
      'context "staging" not found in the kubeconfig (it has: dev, prod); pass --context NAME',
    );
    const l = load();
    useContext(l, 'prod');
    assert.equal(l.kc.getCurrentContext(), 'prod');
    const dangling = kubeconfig(dir, 'dangling.yaml', { current: 'gone' });
    assert.match(
      failure(() => useContext(loadKubeconfig(dangling), undefined)),
      /current-context "gone" of the kubeconfig .* is not one of its contexts \(it has: dev\)/,
    );
    const noCluster = kubeconfig(dir, 'nocluster.yaml', { current: 'dev', cluster: 'other' });
    assert.match(
      failure(() => useContext(loadKubeconfig(noCluster), undefined)),
      /context "dev" names the cluster "c", which the kubeconfig .* does not define/,
    );
  });
});
