// The Diagnose and Generate Postmortem commands as a user meets them: several files of one incident
// (examples/dind-evicted-nodefs) diagnosed together, the Diagnosis view rendered, the postmortem
// draft opened as Markdown with secrets redacted. The workspace is the repository's examples/.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

interface PanelState {
  message?: { type: 'show'; model: { findings: { signatureId: string; occurrences: { text: string }[] }[] } };
  rendered?: { rootCauses: number; findings: number; unknownErrors: number; inputs: number; timelinePoints: number; topRootCause?: string };
}

interface DiagnosisLike {
  inputs: { name: string }[];
  findings: { signatureId: string }[];
  rootCauses: { signatureId: string; confidence: number }[];
}

describe('Postmortem Lens: Diagnose', function () {
  this.timeout(60000);
  let folder: vscode.Uri;
  let uris: vscode.Uri[];
  let expected: { rootCause: string; alsoExpected: string[]; notExpected: string[] };

  before(async () => {
    await vscode.extensions.getExtension('postmortem-lens.postmortem-lens')?.activate();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'no workspace folder');
    folder = vscode.Uri.joinPath(root, 'dind-evicted-nodefs');
    expected = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'expected.json'))).toString('utf8'));
    uris = (await vscode.workspace.fs.readDirectory(folder))
      .filter(([name, type]) => type === vscode.FileType.File && !/^(README\.md|expected\.json)$/.test(name))
      .map(([name]) => vscode.Uri.joinPath(folder, name));
    assert.ok(uris.length >= 3, `expected the incident's files in ${folder.toString()}`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'jenkins-console.log'));
    await vscode.window.showTextDocument(doc);
  });

  it('diagnoses the files of one incident and ranks the root cause first', async () => {
    const diagnosis = await vscode.commands.executeCommand<DiagnosisLike | undefined>('postmortemLens.diagnose', uris);
    assert.ok(diagnosis, 'the command returned no diagnosis');
    assert.equal(diagnosis.inputs.length, uris.length);
    assert.equal(diagnosis.rootCauses[0]?.signatureId, expected.rootCause, `root causes: ${diagnosis.rootCauses.map((r) => r.signatureId).join(', ')}`);
    const ids = new Set(diagnosis.findings.map((f) => f.signatureId));
    for (const id of expected.alsoExpected) assert.ok(ids.has(id), `missing finding ${id}`);
    for (const id of expected.notExpected) assert.ok(!ids.has(id), `unexpected finding ${id}`);

    const state = await vscode.commands.executeCommand<PanelState | undefined>('postmortemLens.test.diagnosisView', { waitMs: 20000 });
    assert.ok(state?.rendered, 'the Diagnosis view did not report a render');
    assert.equal(state.rendered.topRootCause, expected.rootCause);
    assert.equal(state.rendered.findings, diagnosis.findings.length);
    assert.equal(state.rendered.inputs, uris.length);
    assert.ok(state.rendered.rootCauses >= 1);
    // Secrets are redacted before they reach the page (redactSecrets defaults to true).
    const shown = JSON.stringify(state.message?.model ?? {});
    assert.ok(!/AKIA[A-Z0-9]{16}/.test(shown), 'an AWS key reached the webview');
  });

  it('accepts { source: "active" } and diagnoses the active document', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'jenkins-console.log'));
    await vscode.window.showTextDocument(doc);
    const diagnosis = await vscode.commands.executeCommand<DiagnosisLike | undefined>('postmortemLens.diagnose', { source: 'active' });
    assert.ok(diagnosis);
    assert.equal(diagnosis.inputs.length, 1);
    assert.ok(diagnosis.findings.length > 0);
  });

  it('drafts the postmortem as Markdown without secrets', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('postmortemLens.generatePostmortem', uris);
    assert.ok(doc, 'the command returned no document');
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.ok(text.includes('# Postmortem'), text.slice(0, 200));
    assert.ok(!text.includes('AKIA'), 'the draft holds an AWS access key id');
  });

  it('streams files above the size threshold from disk and lists their findings in Problems', async () => {
    const cfg = vscode.workspace.getConfiguration('postmortemLens');
    const journal = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'kubelet.journal.log'))).toString('utf8');
    const big = vscode.Uri.joinPath(folder, '..', 'big-kubelet.journal.log');
    // A bit over 1 MB (the smallest threshold): the journal repeated.
    await vscode.workspace.fs.writeFile(big, Buffer.from(journal.repeat(Math.ceil((1.2 * 1024 * 1024) / journal.length)), 'utf8'));
    await cfg.update('largeFileThresholdMB', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const diagnosis = await vscode.commands.executeCommand<DiagnosisLike | undefined>('postmortemLens.diagnose', [big]);
      assert.ok(diagnosis && diagnosis.findings.length > 0, 'no findings in the streamed file');
      const problems = vscode.languages.getDiagnostics(big).filter((d) => d.source === 'Postmortem Lens');
      assert.ok(problems.length > 0, 'no Problems entries for the streamed file');
      const code = problems[0].code as { value: string; target: vscode.Uri };
      assert.ok(diagnosis.findings.some((f) => f.signatureId === code.value));
      assert.equal(code.target.scheme, 'command');
    } finally {
      await cfg.update('largeFileThresholdMB', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(big);
    }
  });
});
