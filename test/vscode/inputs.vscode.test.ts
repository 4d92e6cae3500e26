/**
 * What is read, as a user meets it: pasted text in an untitled editor whatever language VS Code
 * detects, a YAML manifest the user edits left alone until they say "Treat as Incident Log" (and
 * "Stop" clears its Problems), and the files of one incident picked together: the workspace's log
 * files for the multi-select pick, "Diagnose Together" over an Explorer selection or a folder.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { findLogFiles, logFileItems, urisOf } from '../../src/extension/commands/logFilePick';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ours, waitFor } from './helpers';

/** A text of test/fixtures/pasted/ (this suite runs from out/vscode-tests/). */
const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'pasted', name), 'utf8');

const EXT_ID = 'postmortem-lens.postmortem-lens';
/** `kubectl describe pod` of an evicted pod, as pasted from a terminal. */
const DESCRIBE = fixture('describe-evicted-pod.txt');
/** The line (0-based) of the eviction message in DESCRIBE. */
const EVICTED_LINE = 11;
/** A PrometheusRule a user edits: its descriptions quote log lines that signatures match when read as a log. */
const MANIFEST = fixture('prometheusrule-disk-alerts.yaml');

/** Incident notes in Markdown, quoting a kubelet line that a signature matches. */
const NOTES = `# Incident 2291: web pods evicted

- 09:12 pager: web 5xx rate above 5 %
- 09:14 \`kubectl get pods -n shop\` shows three pods Evicted
- the kubelet on ip-10-0-3-17 said:

    E1116 09:12:41.002113    2291 kubelet.go:1336] "Image garbage collection failed multiple times in a row" err="failed to garbage collect required amount of images. Wanted to free 2147483648 bytes, but freed 0 bytes"

- 09:20 cordoned the node, pruned images with \`crictl rmi --prune\`
- 09:31 5xx back to normal

Next: alert on image GC failures before the disk fills.
`;

interface DiagnosisLike {
  inputs: { name: string }[];
  findings: { signatureId: string }[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Close an untitled editor without the save prompt. */
async function discard(doc: vscode.TextDocument): Promise<void> {
  if (doc.isClosed) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
const codes = (uri: vscode.Uri): string[] => [...new Set(ours(uri).map((d) => (d.code as { value: string }).value))].sort();

describe('Postmortem Lens: what is read (pasted text, manifests, files of one incident)', function () {
  this.timeout(60_000);
  let root: vscode.Uri;
  let manifest: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXT_ID)?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'no workspace folder');
    root = folder;
    manifest = vscode.Uri.joinPath(root, 'manifests', 'node-disk-alerts.yaml');
    await vscode.workspace.fs.writeFile(manifest, Buffer.from(MANIFEST, 'utf8'));
  });

  after(async () => {
    // Not closeAllEditors: another suite's unsaved draft would raise a save prompt that blocks the page.
    await vscode.commands.executeCommand('workbench.action.closeUnmodifiedEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'manifests'), { recursive: true });
  });

  it('reads a kubectl describe pasted into an untitled editor that VS Code calls YAML', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: DESCRIBE });
    try {
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'yaml');
      const problems = await waitFor('Problems entries on the pasted describe', () => ours(doc.uri).length > 0 && ours(doc.uri));
      assert.deepEqual(codes(doc.uri), ['pod-evicted-disk-pressure']);
      assert.ok(
        problems.some((d) => d.range.start.line === EVICTED_LINE),
        `lines: ${problems.map((d) => d.range.start.line)}`,
      );
    } finally {
      await discard(doc);
    }
  });

  it('reads text pasted into an empty untitled YAML editor once it arrives, and keeps reading it when its language changes', async () => {
    let doc = await vscode.workspace.openTextDocument({ language: 'yaml' });
    try {
      const editor = await vscode.window.showTextDocument(doc);
      await sleep(800); // the debounce: an empty document has nothing to show
      assert.deepEqual(ours(doc.uri), []);
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), DESCRIBE));
      await waitFor('Problems entries after the paste', () => ours(doc.uri).length > 0);
      assert.deepEqual(codes(doc.uri), ['pod-evicted-disk-pressure']);
      // VS Code re-opens a document whose language changes (close + open): it is read again.
      doc = await vscode.languages.setTextDocumentLanguage(doc, 'shellscript');
      assert.equal(doc.languageId, 'shellscript');
      await waitFor('Problems entries after the language change', () => ours(doc.uri).length > 0);
      assert.deepEqual(codes(doc.uri), ['pod-evicted-disk-pressure']);
      // "Stop" holds across a language change too, and "Treat" brings the findings back.
      await vscode.commands.executeCommand('postmortemLens.stopTreatingAsLog');
      await waitFor("the pasted text's Problems entries to clear", () => ours(doc.uri).length === 0, 5_000);
      doc = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
      await sleep(1000);
      assert.deepEqual(ours(doc.uri), [], 'read again after the language change, though stopped');
      await vscode.commands.executeCommand('postmortemLens.treatAsLog');
      await waitFor('Problems entries after "Treat"', () => ours(doc.uri).length > 0);
    } finally {
      await discard(doc);
    }
  });

  it('leaves Markdown written in an untitled editor alone: incident notes, the postmortem draft', async () => {
    const notes = await vscode.workspace.openTextDocument({ language: 'markdown', content: NOTES });
    try {
      await vscode.window.showTextDocument(notes);
      await sleep(1500);
      assert.deepEqual(ours(notes.uri), [], 'the notes got Problems entries');
      // Its text would match: treated as a log, it is marked.
      await vscode.commands.executeCommand('postmortemLens.treatAsLog');
      await waitFor('Problems entries on the treated notes', () => ours(notes.uri).length > 0);
      await vscode.commands.executeCommand('postmortemLens.stopTreatingAsLog');
      await waitFor("the notes' Problems entries to clear", () => ours(notes.uri).length === 0, 5_000);
    } finally {
      await discard(notes);
    }
    const files = ['kubelet.journal.log', 'jenkins-console.log'].map((n) => vscode.Uri.joinPath(root, 'dind-evicted-nodefs', n));
    const draft = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('postmortemLens.generatePostmortem', files);
    assert.ok(draft, 'no draft');
    try {
      assert.equal(draft.languageId, 'markdown');
      assert.ok(draft.getText().includes('no space left on device') || draft.getText().includes('image'), 'the draft quotes no evidence');
      await sleep(1500);
      assert.deepEqual(ours(draft.uri), [], 'the postmortem draft got Problems entries');
    } finally {
      await discard(draft);
    }
  });

  it('leaves a YAML manifest in the workspace alone, though its text would match', async () => {
    // A control first: a log opened now is read, so the extension is listening.
    const log = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'dind-evicted-nodefs', 'describe-pod-jenkins.txt'));
    await vscode.window.showTextDocument(log);
    await waitFor('Problems entries on describe-pod-jenkins.txt', () => ours(log.uri).length > 0);
    const doc = await vscode.workspace.openTextDocument(manifest);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'yaml');
    await sleep(1500);
    assert.deepEqual(ours(doc.uri), [], 'the manifest got Problems entries');
  });

  it('"Treat as Incident Log" reads the manifest, remembers it, and "Stop" clears its Problems', async () => {
    const doc = await vscode.workspace.openTextDocument(manifest);
    await vscode.window.showTextDocument(doc);
    const treated = await vscode.commands.executeCommand<boolean>('postmortemLens.treatAsLog');
    assert.equal(treated, true);
    await waitFor('Problems entries on the treated manifest', () => ours(doc.uri).length > 0);
    // What the CLI finds in it read as a log (the quoted ENOSPC and image GC lines at least).
    const found = codes(doc.uri);
    for (const id of ['image-gc-failed', 'no-space-left-on-device']) assert.ok(found.includes(id), `missing ${id}: ${found.join(', ')}`);

    // Remembered per file: a language change closes and re-opens the document, and it is still read.
    const again = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    assert.equal(again.languageId, 'plaintext');
    await waitFor('Problems entries on the re-opened manifest', () => ours(again.uri).length > 0);
    assert.deepEqual(codes(again.uri), found);

    const stopped = await vscode.commands.executeCommand<boolean>('postmortemLens.stopTreatingAsLog', manifest);
    assert.equal(stopped, false);
    await waitFor("the manifest's Problems entries to clear", () => ours(again.uri).length === 0, 5_000);
    await vscode.languages.setTextDocumentLanguage(again, 'yaml');
    // The hover stays quiet too.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', again.uri, new vscode.Position(19, 30));
    assert.ok(!JSON.stringify(hovers ?? []).includes('Postmortem Lens'), 'a Postmortem Lens hover on the stopped manifest');
  });

  it('"Stop Treating as Incident Log" on a .log file clears it; "Treat" brings it back', async () => {
    const uri = vscode.Uri.joinPath(root, 'dind-evicted-nodefs', 'kubelet.journal.log');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('Problems entries on the journal', () => ours(uri).length > 0);
    const before = ours(uri).length;
    await vscode.commands.executeCommand('postmortemLens.stopTreatingAsLog');
    await waitFor("the journal's Problems entries to clear", () => ours(uri).length === 0, 5_000);
    await vscode.commands.executeCommand('postmortemLens.treatAsLog');
    await waitFor("the journal's Problems entries back", () => ours(uri).length === before);
  });

  it("finds the workspace's log files for the pick: by name and by content, not READMEs, expected.json or manifests", async () => {
    const found = await findLogFiles();
    const rel = found.logs.map((u) => vscode.workspace.asRelativePath(u));
    for (const want of [
      'dind-evicted-nodefs/kubelet.journal.log',
      'dind-evicted-nodefs/describe-pod-jenkins.txt',
      'kubespray-cni-rerun/kubectl-get.txt',
      'konnectivity-dial-timeout/kubectl-session.txt',
    ]) {
      assert.ok(rel.includes(want), `${want} missing from ${rel.join(', ')}`);
    }
    assert.deepEqual(
      rel.filter((p) => /README|expected\.json|manifests\//.test(p)),
      [],
    );
    assert.equal(found.truncated, false);

    const items = logFileItems(found.logs, [vscode.Uri.joinPath(root, 'dind-evicted-nodefs', 'kubelet.journal.log')]);
    const folder = items.find((i) => i.label === '$(folder) dind-evicted-nodefs/');
    assert.ok(folder, `no folder row: ${items.map((i) => i.label).join(' | ')}`);
    assert.deepEqual(folder.uris.map((u) => u.path.split('/').pop()).sort(), [
      'describe-node.txt',
      'describe-pod-jenkins.txt',
      'get-pods-A.txt',
      'jenkins-console.log',
      'kubelet.journal.log',
    ]);
    assert.deepEqual(
      items.filter((i) => i.picked).map((i) => i.label),
      ['$(file) kubelet.journal.log'],
    );
    // A folder and one of its files chosen together: each file once.
    const journal = items.find((i) => i.label === '$(file) kubelet.journal.log' && i.description === 'dind-evicted-nodefs');
    assert.ok(journal);
    assert.equal(urisOf([folder, journal]).length, 5);
  });

  it('"Diagnose Together" over two files selected in the Explorer: one incident of two inputs', async () => {
    const journal = vscode.Uri.joinPath(root, 'dind-evicted-nodefs', 'kubelet.journal.log');
    const describe = vscode.Uri.joinPath(root, 'dind-evicted-nodefs', 'describe-pod-jenkins.txt');
    // The Explorer passes the clicked item and the whole selection.
    const diagnosis = await vscode.commands.executeCommand<DiagnosisLike | undefined>('postmortemLens.diagnoseTogether', describe, [journal, describe]);
    assert.ok(diagnosis, 'no diagnosis');
    assert.deepEqual(
      diagnosis.inputs.map((i) => i.name),
      ['dind-evicted-nodefs/kubelet.journal.log', 'dind-evicted-nodefs/describe-pod-jenkins.txt'],
    );
    const ids = new Set(diagnosis.findings.map((f) => f.signatureId));
    for (const id of ['image-gc-failed', 'pod-evicted-disk-pressure']) assert.ok(ids.has(id), `missing ${id}: ${[...ids].join(', ')}`);
    const state = await vscode.commands.executeCommand<{ rendered?: { inputs: number } }>('postmortemLens.test.diagnosisView', { waitMs: 20_000 });
    assert.equal(state?.rendered?.inputs, 2);
  });

  it('"Diagnose Together" reads files as the CLI does: UTF-16 whole, gzip decompressed, a link to nothing skipped (issue 8)', async () => {
    const dir = vscode.Uri.joinPath(root, 'hostile-inputs');
    mkdirSync(dir.fsPath, { recursive: true });
    try {
      const filler = Array.from(
        { length: 20_000 },
        (_, i) => `I1121 03:10:00.000000    1234 reconciler.go:${i}] "operationExecutor.MountVolume started" pod="ci/runner-${i}"`,
      );
      filler[19_000] = 'E1121 03:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/containerd/tmpmounts/x: no space left on device';
      const text = filler.join('\n') + '\n';
      // ~3 MB as UTF-16: more than one block, so more than the first MiB must be transcoded.
      writeFileSync(join(dir.fsPath, 'windows-node.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      writeFileSync(join(dir.fsPath, 'rotated.log'), gzipSync(text));
      symlinkSync(join(dir.fsPath, 'deleted-pod', '0.log'), join(dir.fsPath, 'deleted-pod.log'));
      const uris = ['windows-node.log', 'deleted-pod.log', 'rotated.log'].map((n) => vscode.Uri.joinPath(dir, n));
      type WithLines = { inputs: { name: string }[]; findings: { signatureId: string; occurrences: { input: number; line: number }[] }[] };
      const diagnosis = await vscode.commands.executeCommand<WithLines | undefined>('postmortemLens.diagnoseTogether', uris[0], uris);
      assert.ok(diagnosis, 'no diagnosis');
      assert.deepEqual(
        diagnosis.inputs.map((i) => i.name),
        ['hostile-inputs/windows-node.log', 'hostile-inputs/rotated.log'],
      );
      const disk = diagnosis.findings.find((f) => f.signatureId === 'no-space-left-on-device');
      assert.deepEqual(
        disk?.occurrences.map((o) => [o.input, o.line]),
        [
          [0, 19_001],
          [1, 19_001],
        ],
      );
    } finally {
      rmSync(dir.fsPath, { recursive: true, force: true });
    }
  });

  it('"Diagnose Together" on a folder reads its log files and skips the README and expected.json', async () => {
    const folder = vscode.Uri.joinPath(root, 'kubespray-cni-rerun');
    const diagnosis = await vscode.commands.executeCommand<DiagnosisLike | undefined>('postmortemLens.diagnoseTogether', folder, [folder]);
    assert.ok(diagnosis, 'no diagnosis');
    assert.deepEqual(diagnosis.inputs.map((i) => i.name.split('/').pop()).sort(), [
      'describe-pod-api.txt',
      'kubectl-get.txt',
      'kubectl-logs-cni.txt',
      'kubelet.journal.log',
      'kubespray-ansible.log',
    ]);
  });
});
