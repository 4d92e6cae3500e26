// Smoke suite: proves the harness itself: we run inside a real VS Code 1.96 extension host and the
// project's extension is installed there. The feature suites live beside it as *.vscode.test.ts.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

describe('VS Code harness', () => {
  it('runs inside VS Code 1.96', () => {
    assert.ok(vscode.version.startsWith('1.96'), `vscode.version is ${vscode.version}`);
  });

  it('has the Postmortem Lens extension installed', () => {
    const ext = vscode.extensions.getExtension('postmortem-lens.postmortem-lens');
    assert.ok(ext, 'postmortem-lens.postmortem-lens is not installed');
    assert.equal(ext.packageJSON.name, 'postmortem-lens');
  });
});

describe('Postmortem Lens extension', () => {
  it('activates and registers every command it contributes', async () => {
    const ext = vscode.extensions.getExtension('postmortem-lens.postmortem-lens')!;
    await ext.activate();
    assert.equal(ext.isActive, true);
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 8, contributed.join(', '));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
      'contributed but not registered',
    );
  });
});
