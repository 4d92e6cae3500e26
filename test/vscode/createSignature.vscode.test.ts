// "Create signature from this pattern" as a user meets it: a log with an error no signature knows,
// the lightbulb on one of its lines, the drafted file in .postmortem-lens/patterns/ with its rule and
// examples, the live checks on it, and, once saved, the log's lines as findings of the new signature.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ours, waitFor as waitUntil } from './helpers';

/** This suite waits on catalogue reloads and re-analyses: 30 s rather than the shared default. */
const waitFor = <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> =>
  waitUntil(what, probe, timeoutMs);

/** An error no shipped signature knows, logged five times by a klog writer, between quiet lines. */
const LOG = [
  'I0304 10:15:00.000000    4242 reconciler.go:88] "Starting reconcile loop"',
  'E0304 10:15:01.101000    4242 ledger.go:311] ledger shard 17 refused checkpoint: quorum lost after 3 retries in 1.5s',
  'I0304 10:15:02.000000    4242 reconciler.go:90] "Reconciled" objects=12',
  'E0304 10:15:11.202000    4242 ledger.go:311] ledger shard 4 refused checkpoint: quorum lost after 5 retries in 2.25s',
  'E0304 10:15:21.303000    4242 ledger.go:311] ledger shard 17 refused checkpoint: quorum lost after 3 retries in 1.5s',
  'E0304 10:15:31.404000    4242 ledger.go:311] ledger shard 9 refused checkpoint: quorum lost after 7 retries in 4s',
  'E0304 10:15:41.505000    4242 ledger.go:311] ledger shard 22 refused checkpoint: quorum lost after 2 retries in 750ms',
  'I0304 10:15:50.000000    4242 reconciler.go:90] "Reconciled" objects=12',
  '',
].join('\n');
const ERROR_LINES = [1, 3, 4, 5, 6]; // 0-based

interface Created {
  id: string;
  uri: string;
  rule: string;
}

describe('Postmortem Lens: create signature from a pattern', function () {
  this.timeout(120_000);
  let dir: vscode.Uri;
  let log: vscode.Uri;
  const cleanup: vscode.Uri[] = [];

  before(async () => {
    await vscode.extensions.getExtension('postmortem-lens.postmortem-lens')?.activate();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the suite runs with a workspace folder');
    dir = vscode.Uri.joinPath(root, 'create-signature');
    await vscode.workspace.fs.createDirectory(dir);
    cleanup.push(dir);
    log = vscode.Uri.joinPath(dir, 'ledger.log');
    await vscode.workspace.fs.writeFile(log, new TextEncoder().encode(LOG));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const u of cleanup) await vscode.workspace.fs.delete(u, { recursive: true }).then(undefined, () => undefined);
  });

  it('offers the lightbulb on an unmatched error line, drafts the file, and after saving the lines are findings', async () => {
    const doc = await vscode.workspace.openTextDocument(log);
    await vscode.window.showTextDocument(doc);
    const line = ERROR_LINES[1];
    const at = new vscode.Range(line, 5, line, 5);
    const actions = await waitFor('the "Create signature from this pattern" code action', async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', log, at);
      return list?.some((a) => a.title === 'Create signature from this pattern') ? list : undefined;
    });
    const action = actions.find((a) => a.title === 'Create signature from this pattern')!;
    assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
    // A quiet line gets no such action.
    const quiet = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', log, new vscode.Range(0, 0, 0, 0));
    assert.ok(!quiet?.some((a) => a.title === 'Create signature from this pattern'), 'no action on an info line');
    assert.equal(ours(log).length, 0, 'no finding on the log before');

    const created = await vscode.commands.executeCommand<Created | undefined>(action.command!.command, ...(action.command!.arguments ?? []));
    assert.ok(created, 'the command created nothing');
    const file = vscode.Uri.parse(created.uri);
    cleanup.push(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.postmortem-lens'));
    assert.match(file.path, new RegExp(`/\\.postmortem-lens/patterns/${created.id}\\.yaml$`));
    const text = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    assert.match(text, new RegExp(`^id: ${created.id}$`, 'm'));
    assert.ok(text.includes(`  - '${created.rule}'`), `the rule ${created.rule} is in the file, as written:\n${text}`);
    assert.match(created.rule, /"ledger" "shard" \{number\} "refused" "checkpoint:" "quorum" "lost" "after" \{number:number2\} "retries" "in" \{duration\}/);
    assert.match(text, /E0304 10:15:11\.202000 {4}4242 ledger\.go:311\] ledger shard 4 refused checkpoint/, 'a line of the cluster is an example');
    assert.match(text, /TODO: what this error means/);
    // The file is open, and the live checks find nothing wrong in it.
    await waitFor('the drafted file in an editor', () => vscode.window.activeTextEditor?.document.uri.toString() === file.toString());
    const draft = vscode.window.activeTextEditor!.document;

    // A mistake typed into it is shown at once (the live checks of user signatures), and undone.
    const ruleLine =
      draft
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('match:')) + 1;
    const broken = new vscode.WorkspaceEdit();
    broken.replace(file, draft.lineAt(ruleLine).range, '  - "ledger shard (unclosed"');
    await vscode.workspace.applyEdit(broken);
    await waitFor('a problem on the broken rule', () => ours(file).some((d) => d.range.start.line === ruleLine));
    await vscode.commands.executeCommand('undo');
    await waitFor('the problem gone after undo', () => !ours(file).some((d) => d.severity === vscode.DiagnosticSeverity.Error));

    // Written, the file is in the catalogue at once: the log's five error lines are findings of it.
    const findingLines = (): number[] =>
      ours(log)
        .filter((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === created.id)
        .map((d) => d.range.start.line)
        .sort((a, b) => a - b);
    const now = (): string =>
      ours(log)
        .map((d) => `${d.range.start.line}: ${String(typeof d.code === 'object' ? d.code.value : d.code)}`)
        .join(', ');
    await waitFor(`findings of ${created.id} on the log`, () => findingLines().length === ERROR_LINES.length);
    assert.deepEqual(findingLines(), ERROR_LINES);

    // Saving an edit re-diagnoses the log: with the rule narrowed to shard 17, two lines are left.
    const summary = draft
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('summary:'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(file, draft.lineAt(summary).range, 'summary: The ledger lost its quorum and refused a checkpoint.');
    edit.replace(file, draft.lineAt(ruleLine).range, draft.lineAt(ruleLine).text.replace('"shard" {number}', '"shard" "17"'));
    await vscode.workspace.applyEdit(edit);
    assert.ok(draft.lineAt(ruleLine).text.includes('"shard" "17"'), draft.lineAt(ruleLine).text);
    assert.ok(await draft.save(), 'the draft saved');
    await waitFor(`only the shard 17 lines as findings after the save (now: ${now()})`, () => findingLines().join() === '1,4');
    // And an unmatched line again gets the lightbulb, a matched one does not.
    await waitFor('the lightbulb back on the shard 4 line', async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', log, new vscode.Range(3, 5, 3, 5));
      return list?.some((a) => a.title === 'Create signature from this pattern');
    });
    const after = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', log, new vscode.Range(1, 5, 1, 5));
    assert.ok(!after?.some((a) => a.title === 'Create signature from this pattern'), 'no lightbulb on a line that is a finding');
  });

  it('drafts from a cluster of the Diagnosis view (its button) with a new id, and refuses clearly without a cluster', async () => {
    const other = vscode.Uri.joinPath(dir, 'vault.log');
    const lines = [3, 8, 13].map((n, i) => `2024-03-04T10:16:0${i}Z ERROR vault sealed: cannot unwrap token for mount kv-${n} after ${n} attempts`);
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode(lines.join('\n') + '\n'));
    const doc = await vscode.workspace.openTextDocument(other);
    await vscode.window.showTextDocument(doc);
    const diagnosis = await vscode.commands.executeCommand<{ unknownErrors: { template: string }[] } | undefined>('postmortemLens.diagnose', [other]);
    assert.ok(diagnosis?.unknownErrors.length, 'an unmatched cluster');
    const index = diagnosis.unknownErrors.findIndex((u) => u.template.includes('vault sealed'));
    assert.ok(index >= 0, diagnosis.unknownErrors.map((u) => u.template).join('\n'));
    // What the Diagnosis view's button sends (diagnosisPanel.ts, message `createSignature`).
    const created = await vscode.commands.executeCommand<Created | undefined>('postmortemLens.createSignatureFromPattern', {
      diagnosis,
      cluster: index,
      uri: other.toString(),
    });
    assert.ok(created);
    assert.match(created.id, /vault-sealed-cannot-unwrap-token/);
    const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(created.uri))).toString('utf8');
    for (const l of lines) assert.ok(text.includes(`    - '${l}'`), `example ${l}`);
    assert.equal(await vscode.commands.executeCommand('postmortemLens.createSignatureFromPattern', { diagnosis, cluster: 99 }), undefined);
  });
});
