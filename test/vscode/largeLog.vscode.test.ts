/**
 * Edits in a large log, as a user types them: each content change is applied to the extension's
 * mirror of the document (no re-read of the whole text), and after the pause the findings follow (the
 * marks, Alt+F8, and the Problems entries up to VS Code's limit of 1,000 per file): a failure line
 * inserted in the middle is found at its line, the findings after it move down a line, a deletion moves
 * them back. The log is the workspace's example incidents repeated to
 * about 4 MB (many content-defined blocks); the 20 MB case is measured by bench/typing.mjs.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, ours, waitFor } from './helpers';

const EXT_ID = 'postmortem-lens.postmortem-lens';
/** A failure none of the example incidents holds, so its one entry is not lost among capped ones. */
const LOCKUP = 'Apr 13 10:15:02 worker-1 kernel: NMI watchdog: BUG: soft lockup - CPU#0 stuck for 67s! [kworker/0:1:123]';
const JOURNAL_LINE = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ kubelet\[\d+\]: /;
/** Every occurrence of the latest analysis as "line:signature", to compare them across edits. */
const occurrences = async (uri: vscode.Uri): Promise<string[]> =>
  ((await vscode.commands.executeCommand<string[] | undefined>('postmortemLens.test.occurrences', uri.toString())) ?? []).sort();
/** The Problems entries the same way (at most VS Code's limit of 1,000 per file, and a row about the rest). */
const entries = (uri: vscode.Uri): string[] =>
  ours(uri)
    .filter((d) => codeOf(d) !== undefined)
    .map((d) => `${d.range.start.line}:${codeOf(d)}`);

describe('Postmortem Lens: typing in a large log', function () {
  this.timeout(180_000);
  let uri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXT_ID)?.activate();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'no workspace folder');
    // The example incidents' files, each ending with a line end, repeated to about 4 MB.
    const parts: string[] = [];
    for (const [dir, type] of await vscode.workspace.fs.readDirectory(root)) {
      if (type !== vscode.FileType.Directory) continue;
      for (const [name, t] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(root, dir))) {
        if (t !== vscode.FileType.File || !/\.(log|txt)$/.test(name)) continue;
        const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, dir, name))).toString('utf8');
        parts.push(text.endsWith('\n') ? text : text + '\n');
      }
    }
    const once = parts.join('');
    uri = vscode.Uri.joinPath(root, 'large-typing.log');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(once.repeat(Math.ceil(4e6 / once.length)), 'utf8'));
  });

  it('moves the findings and their Problems entries with the lines as edits are typed', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(doc.lineCount > 20_000, `${doc.lineCount} lines`);
    // The whole log read (its first pass, the top only, comes before).
    await waitFor(
      'the whole large log analysed',
      async () => {
        const h = await vscode.commands.executeCommand<{ firstPass: boolean; stoppedAtLine?: number }[] | undefined>(
          'postmortemLens.test.analyses',
          uri.toString(),
        );
        const last = h?.[h.length - 1];
        return last && !last.firstPass && last.stoppedAtLine === undefined;
      },
      120_000,
    );
    const before = await occurrences(uri);
    assert.ok(before.length > 0);
    // Settled: the same entries twice in a row.
    await new Promise((r) => setTimeout(r, 1500));
    const settled = await occurrences(uri);
    assert.ok(settled.length >= before.length);
    // Every Problems entry is one of them (the Problems panel lists the first 1,000 errors and says how many more).
    assert.ok(
      entries(uri).every((e) => settled.includes(e)),
      'a Problems entry that is no occurrence',
    );
    // The failure goes before a kubelet journal line past the middle of the log (in a journal excerpt).
    let middle = Math.floor(doc.lineCount / 2);
    while (!JOURNAL_LINE.test(doc.lineAt(middle).text)) middle++;
    const after = settled
      .map((k) => k.split(':'))
      .filter(([l]) => Number(l) >= middle)
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.ok(after.length > 0, 'a finding after the middle of the log');
    assert.ok(!settled.some((k) => k.endsWith(':kernel-soft-lockup')), 'the examples hold no soft lockup');
    const [laterLine, laterId] = after[after.length - 1];

    // Type a failure line in the middle, one key at a time, as a user does (a few keys, then a paste of the rest).
    await editor.edit((b) => b.insert(new vscode.Position(middle, 0), '\n'));
    for (const ch of LOCKUP.slice(0, 6)) await editor.edit((b) => b.insert(doc.lineAt(middle).range.end, ch));
    await editor.edit((b) => b.insert(doc.lineAt(middle).range.end, LOCKUP.slice(6)));
    assert.equal(doc.lineAt(middle).text, LOCKUP);
    // And an edit near the top, which must not disturb the lines below.
    await editor.edit((b) => b.insert(new vscode.Position(3, 0), 'x'));

    const movedKey = `${Number(laterLine) + 1}:${laterId}`;
    await waitFor(
      `kernel-soft-lockup at line ${middle + 1} and ${laterId} moved to line ${Number(laterLine) + 2}`,
      async () => {
        const k = await occurrences(uri);
        return k.includes(`${middle}:kernel-soft-lockup`) && k.includes(movedKey);
      },
      60_000,
    );

    // Delete the line again: every entry is where it was before the edits (the 'x' changes no finding).
    await editor.edit((b) => b.delete(new vscode.Range(middle, 0, middle + 1, 0)));
    await editor.edit((b) => b.delete(new vscode.Range(3, 0, 3, 1)));
    await waitFor(
      'the findings as before the edits',
      async () => {
        const k = await occurrences(uri);
        return k.length === settled.length && k.every((x, i) => x === settled[i]);
      },
      60_000,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('marks the top of a large log first, then reads the rest at once, without a time-limit warning', async () => {
    // A copy never opened before (its first analysis), read first for 1 ms: its first block or so.
    const fresh = vscode.Uri.joinPath(uri, '..', 'large-first-pass.log');
    await vscode.workspace.fs.copy(uri, fresh, { overwrite: true });
    await vscode.commands.executeCommand('postmortemLens.test.analyses', undefined, { firstPassMs: 1 });
    try {
      const doc = await vscode.workspace.openTextDocument(fresh);
      await vscode.window.showTextDocument(doc);
      type Seen = { version: number; firstPass: boolean; stoppedAtLine?: number }[];
      const seen = await waitFor(
        'a complete analysis after the first pass',
        async () => {
          const h = await vscode.commands.executeCommand<Seen | undefined>('postmortemLens.test.analyses', fresh.toString());
          return h && h.length >= 2 && !h[h.length - 1].firstPass ? h : undefined;
        },
        120_000,
      );
      assert.equal(seen[0].firstPass, true, JSON.stringify(seen));
      assert.ok(seen[0].stoppedAtLine! > 1 && seen[0].stoppedAtLine! < doc.lineCount, JSON.stringify(seen[0]));
      const last = seen[seen.length - 1];
      assert.equal(last.version, seen[0].version);
      assert.equal(last.stoppedAtLine, undefined, 'the rest was read');
      // Every finding of the whole log, past the first pass's line too.
      assert.ok((await occurrences(fresh)).some((k) => Number(k.split(':')[0]) + 1 > seen[0].stoppedAtLine!));
      const bar = await vscode.commands.executeCommand<{ text: string }>('postmortemLens.test.statusBar');
      assert.doesNotMatch(bar.text, /\$\(clock\)|reading/);
    } finally {
      await vscode.commands.executeCommand('postmortemLens.test.analyses', undefined, { firstPassMs: 250 });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('stops at the time limit with a notice in the status bar, and Read the Rest reads it all', async () => {
    const cfg = vscode.workspace.getConfiguration('postmortemLens');
    // A limit a 4 MB log cannot meet: reading stops after its first block or so.
    await cfg.update('analysisTimeLimit', 0.001, vscode.ConfigurationTarget.Workspace);
    // A file of its own: the log of the test above may still be open, analysed without a limit.
    const limited = vscode.Uri.joinPath(uri, '..', 'large-limit.log');
    await vscode.workspace.fs.copy(uri, limited, { overwrite: true });
    try {
      const doc = await vscode.workspace.openTextDocument(limited);
      await vscode.window.showTextDocument(doc);
      const bar = (): Promise<{ text: string; tooltip?: string }> =>
        vscode.commands.executeCommand('postmortemLens.test.statusBar') as Promise<{ text: string; tooltip?: string }>;
      const partial = await waitFor(
        'the status bar saying where reading stopped',
        async () => {
          const b = await bar();
          return /\$\(clock\) to line [\d,]+/.test(b.text) && b;
        },
        120_000,
      );
      assert.match(partial.tooltip ?? '', /Stopped reading at line [\d,]+\*\* at the time limit \(`postmortemLens.analysisTimeLimit`\)/);
      const stoppedAt = Number(/to line ([\d,]+)/.exec(partial.text)![1].replace(/,/g, ''));
      assert.ok(stoppedAt < doc.lineCount, `stopped at ${stoppedAt} of ${doc.lineCount}`);
      // Every finding and Problems entry is before the line it stopped at.
      assert.ok((await occurrences(limited)).every((k) => Number(k.split(':')[0]) + 1 < stoppedAt));
      assert.ok(ours(limited).every((d) => d.range.start.line + 1 < stoppedAt));
      await vscode.commands.executeCommand('postmortemLens.readRest');
      const whole = await waitFor(
        'the whole log read',
        async () => {
          const b = await bar();
          return !b.text.includes('$(clock)') && b;
        },
        120_000,
      );
      assert.doesNotMatch(whole.tooltip ?? '', /Stopped reading/);
      await waitFor(
        'findings past the line it had stopped at',
        async () => (await occurrences(limited)).some((k) => Number(k.split(':')[0]) + 1 > stoppedAt),
        60_000,
      );
    } finally {
      await cfg.update('analysisTimeLimit', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
