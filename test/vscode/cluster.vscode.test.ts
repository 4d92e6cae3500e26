/**
 * "Diagnose Cluster Resource..." against the loopback fake Kubernetes API (test/cluster/fakeApiServer,
 * bundled with this suite; it runs in the extension host and calls `openssl`): the evicted Jenkins
 * agent and the OOMKilled/CrashLoopBackOff pod of test/fixtures/cluster diagnosed with their fetched
 * inputs opened as read-only `postmortem-lens:` documents that get Problems entries, a postmortem
 * drafted from the same run, and a server denying pods/log: the problems name the verb and resource
 * and the describe still loads.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, ours, waitFor } from './helpers';
import { DEFAULT_FIXTURE_DIR, startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '../cluster/fakeApiServer';

const PODS = { evicted: 'backend-main-142-8zq4n-m2k7x', oom: 'payments-api-6d8f7b9c5d-7kq2n' };

interface Problem {
  source: string;
  message: string;
  fatal: boolean;
}
interface RunResult {
  diagnosis?: { inputs: { name: string }[]; findings: { signatureId: string }[]; rootCauses: { signatureId: string }[] };
  problems: Problem[];
  documents: vscode.Uri[];
}

/** Bundled into out/vscode-tests/, the fake server's own default would look beside the bundle: use the repo's fixtures. */
const FIXTURES = [path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'cluster'), DEFAULT_FIXTURE_DIR].find((d) =>
  fs.existsSync(path.join(d, 'pods.json')),
);

function server(options: Partial<FakeApiServerOptions> = {}): { srv: FakeApiServer } {
  const holder = {} as { srv: FakeApiServer };
  before(async function () {
    this.timeout(60_000);
    assert.ok(FIXTURES, 'test/fixtures/cluster not found');
    holder.srv = await startFakeApiServer({ fixtures: FIXTURES, auth: 'token', ...options });
  });
  after(async () => holder.srv?.close());
  return holder;
}

describe('Postmortem Lens: Diagnose Cluster Resource', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension('postmortem-lens.postmortem-lens')?.activate();
  });

  it('is contributed as "Diagnose Cluster Resource..." with its settings', async () => {
    const ext = vscode.extensions.getExtension('postmortem-lens.postmortem-lens');
    const cmd = (ext?.packageJSON.contributes.commands as { command: string; title: string; category: string }[]).find(
      (c) => c.command === 'postmortemLens.diagnoseCluster',
    );
    assert.deepEqual(cmd && { title: cmd.title, category: cmd.category }, { title: 'Diagnose Cluster Resource...', category: 'Postmortem Lens' });
    assert.ok((await vscode.commands.getCommands(true)).includes('postmortemLens.diagnoseCluster'));
    const cfg = vscode.workspace.getConfiguration('postmortemLens.cluster');
    assert.deepEqual(
      ['tailLines', 'limitBytes', 'sinceSeconds', 'concurrency', 'timeoutSeconds'].map((k) => cfg.get(k)),
      [5000, 10485760, 0, 4, 15],
    );
  });

  describe('a cluster that lets us read everything', () => {
    const s = server();

    it('diagnoses the evicted Jenkins agent; its fetched logs open as read-only documents with Problems entries', async () => {
      const result = await vscode.commands.executeCommand<RunResult | undefined>('postmortemLens.diagnoseCluster', {
        kubeconfig: s.srv.kubeconfigPath,
        namespace: 'ci',
        pod: PODS.evicted,
      });
      assert.ok(result?.diagnosis, `no diagnosis; problems: ${JSON.stringify(result?.problems)}`);
      assert.deepEqual(result.problems, []);
      const ids = result.diagnosis.findings.map((f) => f.signatureId);
      assert.ok(ids.includes('pod-evicted-disk-pressure'), ids.join(', '));
      assert.ok(ids.includes('no-space-left-on-device'), ids.join(', '));
      assert.equal(result.documents.length, result.diagnosis.inputs.length);
      const paths = result.documents.map((u) => `${u.scheme}:${u.path}`);
      assert.ok(paths.includes(`postmortem-lens:/cluster/fake/ci/${PODS.evicted}/describe.log`), paths.join('\n'));
      assert.ok(paths.includes(`postmortem-lens:/cluster/fake/ci/${PODS.evicted}/dind.log`), paths.join('\n'));

      // The Diagnosis view shows the run, as for files.
      const state = await vscode.commands.executeCommand<{ rendered?: { findings: number; inputs: number } } | undefined>('postmortemLens.test.diagnosisView', {
        waitMs: 20_000,
      });
      assert.equal(state?.rendered?.inputs, result.diagnosis.inputs.length);
      assert.equal(state?.rendered?.findings, result.diagnosis.findings.length);

      // What a click on a finding opens: the fetched log, analysed like any log.
      const dind = result.documents.find((u) => u.path.endsWith('/dind.log'))!;
      const doc = await vscode.workspace.openTextDocument(dind);
      await vscode.window.showTextDocument(doc);
      assert.ok(/no space left on device/.test(doc.getText()));
      assert.ok(!doc.getText().includes(s.srv.token), 'the token reached a document');
      const diagnostics = await waitFor('Problems entries for dind.log', () => {
        const d = ours(dind);
        return d.some((x) => codeOf(x) === 'no-space-left-on-device') ? d : undefined;
      });
      assert.ok(diagnostics.length > 0);
      assert.equal(doc.isUntitled, false);
      assert.equal(doc.languageId, 'log', 'a .log path: the Log language, analysed as a log');

      const describe = result.documents.find((u) => u.path.endsWith('/describe.log'))!;
      await vscode.workspace.openTextDocument(describe);
      await waitFor('Problems entries for describe.log', () => ours(describe).some((x) => codeOf(x) === 'pod-evicted-disk-pressure'));

      // The postmortem is drafted from the same run.
      const draft = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('postmortemLens.generatePostmortem', { diagnosis: result.diagnosis });
      assert.ok(draft, 'no postmortem draft');
      assert.ok(draft.getText().includes(`pod ci/${PODS.evicted}`), draft.getText().slice(0, 400));
      assert.ok(!draft.getText().includes(s.srv.token), 'the token reached the draft');
      // The untitled draft is the active editor: close it without the save prompt.
      if (vscode.window.activeTextEditor?.document === draft) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('diagnoses the OOMKilled pod in CrashLoopBackOff from its describe and previous log', async () => {
      const result = await vscode.commands.executeCommand<RunResult | undefined>('postmortemLens.diagnoseCluster', {
        kubeconfig: s.srv.kubeconfigPath,
        namespace: 'ci',
        pod: PODS.oom,
      });
      assert.ok(result?.diagnosis);
      const ids = result.diagnosis.findings.map((f) => f.signatureId);
      for (const id of ['oom-killed', 'crash-loop-backoff']) assert.ok(ids.includes(id), `${id} missing: ${ids.join(', ')}`);
      assert.ok(
        result.documents.some((u) => u.path === `/cluster/fake/ci/${PODS.oom}/api.previous.log`),
        result.documents.map((u) => u.path).join('\n'),
      );
    });

    it('reports a pod that does not exist as a problem, with nothing to diagnose', async () => {
      const result = await vscode.commands.executeCommand<RunResult | undefined>('postmortemLens.diagnoseCluster', {
        kubeconfig: s.srv.kubeconfigPath,
        namespace: 'ci',
        pod: 'no-such-pod',
      });
      assert.ok(result);
      assert.equal(result.diagnosis, undefined);
      assert.deepEqual(result.documents, []);
      assert.match(result.problems[0]?.message ?? '', /pod ci\/no-such-pod does not exist/);
    });
  });

  describe('a cluster that denies pods/log', () => {
    const s = server({ rbac: (r) => r.subresource !== 'log' });

    it('names the verb and resource it may not read, and still diagnoses the describe', async () => {
      const result = await vscode.commands.executeCommand<RunResult | undefined>('postmortemLens.diagnoseCluster', {
        kubeconfig: s.srv.kubeconfigPath,
        namespace: 'ci',
        pod: PODS.evicted,
      });
      assert.ok(result?.diagnosis, 'the describe should still be diagnosed');
      assert.deepEqual(
        result.diagnosis.inputs.map((i) => i.name),
        [`pod ci/${PODS.evicted} (describe)`],
      );
      assert.ok(result.diagnosis.findings.some((f) => f.signatureId === 'pod-evicted-disk-pressure'));
      assert.ok(result.problems.length >= 1);
      for (const p of result.problems) {
        assert.equal(p.fatal, false);
        assert.match(p.message, /forbidden \(403\).*cannot get pods\/log in namespace ci/);
        assert.ok(!p.message.includes(s.srv.token));
      }
    });
  });
});
