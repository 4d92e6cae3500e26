import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeServer, kubeconfigVariant, NOW, PODS } from './helpers';
import { cli as runCliWith } from '../cli/runCli';

const cli = (args: string[]) => runCliWith(args, { now: NOW });

describe('cli: diagnose --cluster', function () {
  this.timeout(30000);
  const s = fakeServer({ rbac: (r) => !(r.subresource === 'log' && r.name === PODS.restarted) });
  const base = () => ['diagnose', '--cluster', '--kubeconfig', s.srv.kubeconfigPath, '-n', 'ci'];
  const ids = (out: string) => (JSON.parse(out).findings as { signatureId: string }[]).map((f) => f.signatureId);

  it('diagnoses the evicted pod: pod-evicted-disk-pressure', async () => {
    const r = await cli([...base(), '--pod', PODS.evicted, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.ok(ids(r.out).includes('pod-evicted-disk-pressure'), r.out);
  });

  it('diagnoses the OOM pod: oom-killed and crash-loop-backoff', async () => {
    const r = await cli([...base(), '--pod', PODS.oom, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const found = ids(r.out);
    assert.ok(found.includes('oom-killed') && found.includes('crash-loop-backoff'), found.join(', '));
    const inputs = JSON.parse(r.out).inputs as { name: string; kinds: string[] }[];
    assert.deepEqual(inputs[0], { ...inputs[0], name: `pod ci/${PODS.oom} (describe)`, kinds: ['kubectl-describe'] });
  });

  it('combines the cluster with files, in any output format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pml-'));
    const file = join(dir, 'kubelet.log');
    writeFileSync(file, 'E1114 09:06:41.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/abc: no space left on device\n');
    const r = await cli([...base(), '--node', 'aks-nodepool1-2', file, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      (JSON.parse(r.out).inputs as { name: string }[]).map((i) => i.name),
      [file, 'node aks-nodepool1-2 (describe)', 'pods on node aks-nodepool1-2'],
    );
    assert.ok(ids(r.out).includes('no-space-left-on-device') && ids(r.out).includes('node-disk-pressure'));
    const md = await cli([...base(), '--events', '--format', 'markdown']);
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /^# Postmortem/m);
  });

  it('passes --tail-lines, --since and --limit-bytes to the log requests', async () => {
    const r = await cli([...base(), '--pod', PODS.oom, '--tail-lines', '100', '--since', '1h30m', '--limit-bytes', '64Ki']);
    assert.equal(r.code, 0, r.err);
    const log = s.srv.requests.filter((q) => q.subresource === 'log').pop()!;
    assert.deepEqual([log.query.tailLines, log.query.sinceSeconds, log.query.limitBytes], ['100', '5400', '65536']);
  });

  it('warns about partial failures and diagnoses the rest', async () => {
    const r = await cli([...base(), '--pod', PODS.restarted, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      new RegExp(`^postmortem-lens: cluster: warning: pod ci/${PODS.restarted} container api: forbidden \\(403\\): .*cannot get pods/log in namespace ci`, 'm'),
    );
    assert.ok(ids(r.out).includes('oom-killed'));
  });

  it('exits 2 when nothing could be read, with the problems on stderr', async () => {
    const kc = kubeconfigVariant(s.srv, (k) => {
      k.users[0].user.token = 'wrong-token-0123456789';
    });
    const r = await cli(['diagnose', '--cluster', '--kubeconfig', kc, '-n', 'ci', '--pod', PODS.oom]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    // One problem: it is the message (no "nothing could be read" after it).
    assert.match(r.err, /^postmortem-lens: cluster: the API server rejected the credentials of context fake \(401 Unauthorized\).*\n$/);
    assert.ok(!r.err.includes('wrong-token'));
    const gone = await cli([...base(), '--pod', 'nope']);
    assert.equal(gone.code, 2);
    assert.match(gone.err, /pod ci\/nope does not exist; see `kubectl get pods -n ci --context fake`/);
  });

  it('exits 2 on misused options', async () => {
    for (const args of [
      ['diagnose', '--pod', 'x'],
      ['diagnose', '--cluster'],
      ['diagnose', '--cluster', '--pod', 'a', '--node', 'b'],
      ['diagnose', '--cluster', '--events', '--since', '5x'],
      ['diagnose', '--cluster', '--events', '--limit-bytes', 'lots'],
      ['diagnose', '--cluster', '--events', '--tail-lines', '0'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.err !== '', args.join(' '));
    }
    assert.match((await cli(['diagnose', '--pod', 'x'])).err, /--pod needs --cluster/);
  });

  it('documents the cluster options in --help', async () => {
    const r = await cli(['diagnose', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--cluster/);
    assert.match(r.out, /--selector <selector> +the pods of a label selector/);
    assert.match(r.out, /Live cluster/);
  });
});
