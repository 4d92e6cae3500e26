// The postmortem draft as a user meets it in the editor: made from an example incident, it starts
// with the marker line and carries the incident's date; saved beside the logs, it is not read back
// when the folder is diagnosed again.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** `p`, or a failure naming `what` after `ms`: a hang says where it hangs. */
function within<T>(what: string, p: Thenable<T>, ms = 20_000): Promise<T> {
  return Promise.race([Promise.resolve(p), new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

describe('Postmortem Lens: postmortem draft', function () {
  this.timeout(60000);
  let example: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('postmortem-lens.postmortem-lens')?.activate();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'no workspace folder');
    example = vscode.Uri.joinPath(root, 'dind-evicted-nodefs');
  });

  it("drafts with the marker line and the incident's date, and a folder diagnosed again skips the saved draft", async () => {
    // A folder of one incident outside the workspace: two of the example's logs.
    const dir = vscode.Uri.file(mkdtempSync(join(tmpdir(), 'pml-draft-')));
    for (const name of ['kubelet.journal.log', 'describe-node.txt'])
      await within(`copy ${name}`, vscode.workspace.fs.copy(vscode.Uri.joinPath(example, name), vscode.Uri.joinPath(dir, name)));
    const draft = await within(
      'generatePostmortem',
      vscode.commands.executeCommand<vscode.TextDocument | undefined>('postmortemLens.generatePostmortem', [dir]),
    );
    assert.ok(draft, 'no draft');
    const text = draft.getText();
    assert.match(text.split('\n')[0], /^<!-- postmortem-lens: draft/);
    assert.match(text, /\*\*Date:\*\* 2018-11-23 /, "the incident's date, from the logs of 2018");
    assert.ok(!/_TODO: _/.test(text), 'an empty TODO marker');

    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, '2018-11-23-image-gc-failed.md'), Buffer.from(text, 'utf8'));
    const again = await within('diagnose', vscode.commands.executeCommand<{ inputs: { name: string }[] } | undefined>('postmortemLens.diagnose', [dir]));
    assert.ok(again, 'no diagnosis');
    assert.deepEqual(again.inputs.map((i) => i.name.split(/[\\/]/).pop()).sort(), ['describe-node.txt', 'kubelet.journal.log']);
    await vscode.workspace.fs.delete(dir, { recursive: true });
  });
});
