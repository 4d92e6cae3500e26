/**
 * The editor features as a user meets them when opening a log: Problems entries, hovers, next/previous
 * finding, the outline, folding of routine runs, and pasted (untitled) text, including text that looks
 * like HTML. The workspace is a copy of the repository's examples/; what the engine finds in
 * dind-evicted-nodefs/kubelet.journal.log is what `node dist/cli.js diagnose` reports for it.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ours, waitFor } from './helpers';

const EXT_ID = 'postmortem-lens.postmortem-lens';
/** What the engine finds in dind-evicted-nodefs/kubelet.journal.log (1-based lines from the CLI). */
const JOURNAL = {
  ids: ['image-gc-failed', 'kubelet-system-container-stats-failed', 'node-disk-pressure', 'pod-evicted-disk-pressure'],
  firstFinding: 4, // kubelet-system-container-stats-failed: summary.go cannot read docker.service's stats
  firstLine: 6, // image-gc-failed: one GC cycle, lines 6-12
  gcCycleEnd: 12,
  diskPressureLine: 105, // node-disk-pressure only: the node's condition is no pod eviction
  evictionLine: 200, // pod-evicted-disk-pressure: the line naming the evicted pod
  lastLine: 206, // kubelet-system-container-stats-failed again, the log's last finding
  gcTitle: 'Kubelet image garbage collection failed',
};
const XSS = '<script>alert(1)</script>';
/** A file name holding a script element that a path capture takes whole (no parentheses, which end a path). */
const SCRIPT_PATH = '<script>alert.1</script>';
/** Pasted text: a Jenkins-like console with HTML in it and a no-space-left line (line 5, 0-based 4). */
const PASTED = [
  'Started by user admin',
  '[Pipeline] { (build)',
  `+ echo '${XSS}'`,
  XSS,
  `write /var/lib/docker/tmp/${SCRIPT_PATH}: no space left on device`,
  'ERROR: script returned exit code 1',
  'Finished: FAILURE',
  '',
].join('\n');
const PASTED_NOSPACE_LINE = 4;

const codeOf = (d: vscode.Diagnostic): { value: string; target: vscode.Uri } => d.code as { value: string; target: vscode.Uri };
/** Markdown of a hover as the user reads it: backslash escapes of MarkdownString.appendText removed. */
const plain = (md: string): string => md.replace(/\\([\\`*_{}[\]()#+\-!~>.|])/g, '$1').replace(/&nbsp;/g, ' ');

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.MarkdownString[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString || typeof (c as { value?: unknown }).value === 'string');
}

/** Every symbol, depth first, with its parent's name. */
function flatten(symbols: vscode.DocumentSymbol[], parent?: string): { name: string; parent?: string; symbol: vscode.DocumentSymbol }[] {
  return symbols.flatMap((s) => [{ name: s.name, parent, symbol: s }, ...flatten(s.children ?? [], s.name)]);
}

describe('Postmortem Lens: editor features', function () {
  this.timeout(60_000);
  let folder: vscode.Uri;
  let journal: vscode.Uri;
  let jenkins: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXT_ID)?.activate();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'no workspace folder');
    folder = vscode.Uri.joinPath(root, 'dind-evicted-nodefs');
    journal = vscode.Uri.joinPath(folder, 'kubelet.journal.log');
    jenkins = vscode.Uri.joinPath(folder, 'jenkins-console.log');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('postmortemLens').update('foldRoutineRuns', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('activates lazily: no "*" among the activation events', () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext);
    const events = ext.packageJSON.activationEvents as string[] | undefined;
    assert.ok(Array.isArray(events) && events.length > 0, 'no activation events');
    assert.ok(!events.includes('*'), `activationEvents: ${events.join(', ')}`);
    assert.ok(
      events.some((e) => e.startsWith('onLanguage:')),
      'activates on log languages',
    );
  });

  it('lists the findings of an opened log in Problems, with the signature id linking to its catalogue page', async () => {
    const doc = await vscode.workspace.openTextDocument(journal);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'postmortem-log');
    const diagnostics = await waitFor('Problems entries for kubelet.journal.log', () => {
      const d = ours(journal);
      return JOURNAL.ids.every((id) => d.some((x) => codeOf(x).value === id)) ? d : undefined;
    });
    const ids = [...new Set(diagnostics.map((d) => codeOf(d).value))].sort();
    assert.deepEqual(ids, JOURNAL.ids);
    for (const d of diagnostics) {
      const { value, target } = codeOf(d);
      assert.ok(target instanceof vscode.Uri, `code.target of ${value} is not a Uri`);
      assert.equal(target.scheme, 'command');
      assert.equal(target.path, 'postmortemLens.openSignature');
      assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), [value]);
    }
    const lines = (id: string): number[] => diagnostics.filter((d) => codeOf(d).value === id).map((d) => d.range.start.line + 1);
    assert.equal(Math.min(...lines('image-gc-failed')), JOURNAL.firstLine);
    assert.ok(lines('node-disk-pressure').includes(JOURNAL.diskPressureLine));
    assert.ok(!lines('pod-evicted-disk-pressure').includes(JOURNAL.diskPressureLine), 'one fact, one mark');
    const cycle = diagnostics.find((d) => codeOf(d).value === 'image-gc-failed' && d.range.start.line === JOURNAL.firstLine - 1)!;
    assert.equal(cycle.range.end.line, JOURNAL.gcCycleEnd - 1, 'one GC cycle is one entry over its lines');
    assert.equal(Math.max(...diagnostics.map((d) => d.range.start.line + 1)), JOURNAL.lastLine);
    assert.ok(lines('pod-evicted-disk-pressure').includes(JOURNAL.evictionLine));
    const gc = diagnostics.find((d) => codeOf(d).value === 'image-gc-failed')!;
    assert.equal(gc.severity, vscode.DiagnosticSeverity.Error);
    // The headline with this line's facts, not the raw log line.
    assert.ok(gc.message.startsWith('image GC failed on aks-nodepool1-38102419-1'), gc.message);
    assert.equal(diagnostics.find((d) => codeOf(d).value === 'node-disk-pressure')!.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('explains a matched line on hover: title, next checks and the command links', async () => {
    const parts = await waitFor('a hover at the first finding', async () => {
      const p = await hoverAt(journal, new vscode.Position(JOURNAL.firstLine - 1, 20));
      return p.length ? p : undefined;
    });
    const md = parts.map((p) => p.value).join('\n\n');
    const text = plain(md);
    assert.ok(text.includes(JOURNAL.gcTitle), md.slice(0, 400));
    assert.ok(text.includes('`image-gc-failed`'), 'the signature id');
    assert.ok(text.includes('**Check next:**'), 'the next checks');
    // Prose keeps ordinary spaces so it wraps (MarkdownString.appendText alone writes &nbsp;).
    assert.ok(md.includes('The kubelet could not free enough image\\-filesystem space because'), md.slice(0, 600));
    // Values captured from the line (line 12: "wanted to free 2804301824 bytes, but freed 0") as code spans.
    const at12 = (await hoverAt(journal, new vscode.Position(11, 20))).map((p) => p.value).join('\n');
    assert.ok(at12.includes('**Captured:** wanted `2804301824`, freed `0`'), at12.slice(0, 1500));
    assert.match(md, /```sh\n/, 'a check command as a shell code block');
    assert.match(md, /\[\$\(copy\) Copy\]\(command:postmortemLens\.copyCommand\?/);
    const link = (label: string, command: string): void => {
      const m = new RegExp(`\\[\\$\\([a-z]+\\) ${label}\\]\\((command:${command.replace('.', '\\.')}\\?[^)\\s]+)\\)`).exec(md);
      assert.ok(m, `no "${label}" link to ${command} in the hover`);
      const args = JSON.parse(decodeURIComponent(m[1].slice(m[1].indexOf('?') + 1))) as unknown[];
      if (command === 'postmortemLens.openSignature') assert.deepEqual(args, ['image-gc-failed']);
      else assert.deepEqual(args, [journal.toString()]);
    };
    link('Open in catalogue', 'postmortemLens.openSignature');
    link('Diagnose', 'postmortemLens.diagnose');
    link('Generate postmortem', 'postmortemLens.generatePostmortem');
    const ourPart = parts.find((p) => p.value.includes('image-gc-failed'))!;
    assert.ok(ourPart.isTrusted && ourPart.isTrusted !== true, 'only the listed commands are trusted, not all');
    assert.ok(!ourPart.supportHtml, 'raw HTML is not rendered');
    // A routine line has no hover of ours.
    const routine = await hoverAt(journal, new vscode.Position(0, 5));
    assert.ok(!routine.some((p) => p.value.includes('Check next')), 'hover on a routine line');
  });

  it('moves to the next and previous finding, wrapping around', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(journal));
    const lines = [...new Set(ours(journal).map((d) => d.range.start.line))].sort((a, b) => a - b);
    assert.ok(lines.length > 3);
    const at = (line: number): void => {
      editor.selection = new vscode.Selection(line, 0, line, 0);
    };
    const go = async (cmd: 'nextFinding' | 'previousFinding', expected: number): Promise<void> => {
      const returned = await vscode.commands.executeCommand<number>(`postmortemLens.${cmd}`);
      assert.equal(returned, expected + 1, `${cmd} returned line ${returned}`);
      assert.equal(vscode.window.activeTextEditor?.selection.active.line, expected, `${cmd}: selection`);
      assert.ok(editor.selection.isEmpty);
    };
    at(0);
    await go('nextFinding', lines[0]);
    assert.equal(lines[0], JOURNAL.firstFinding - 1);
    await go('nextFinding', lines[1]);
    await go('previousFinding', lines[0]);
    await go('previousFinding', lines[lines.length - 1]); // wraps to the last
    assert.equal(lines[lines.length - 1], JOURNAL.lastLine - 1);
    await go('nextFinding', lines[0]); // wraps to the first
    // From a routine line between two findings: the next one below, the previous one above.
    const gap = lines.findIndex((l, i) => i > 0 && l - lines[i - 1] > 2);
    assert.ok(gap > 0);
    at(lines[gap] - 1);
    await go('nextFinding', lines[gap]);
    at(lines[gap] - 1);
    await go('previousFinding', lines[gap - 1]);
  });

  it('outlines the segments of a log and the stages of a Jenkins console', async () => {
    const journalSymbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', journal);
    assert.ok(journalSymbols?.length, 'no symbols for the journal');
    const segment = journalSymbols.find((s) => s.name === 'journald');
    assert.ok(segment, `top-level symbols: ${journalSymbols.map((s) => s.name).join(', ')}`);
    assert.equal(segment.detail, 'lines 1-206');
    assert.equal(segment.range.start.line, 0);
    const findings = (segment.children ?? []).map((c) => c.name);
    assert.ok(findings.includes(JOURNAL.gcTitle), `children of journald: ${findings.join(', ')}`);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(jenkins));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', jenkins);
    const all = flatten(symbols ?? []);
    const pipeline = symbols?.find((s) => s.name === 'jenkins');
    assert.ok(pipeline, `top-level symbols: ${(symbols ?? []).map((s) => s.name).join(', ')}`);
    const stages = all.filter((s) => s.parent === 'jenkins' && s.symbol.detail === 'stage');
    assert.deepEqual(
      stages.map((s) => s.name),
      ['checkout', 'build', 'test', 'e2e'],
    );
    for (const s of stages) assert.equal(s.symbol.kind, vscode.SymbolKind.Event);
    // Stages follow each other in the file.
    for (let i = 1; i < stages.length; i++) assert.ok(stages[i].symbol.range.start.line > stages[i - 1].symbol.range.start.line);
    assert.ok(
      all.some((s) => s.name.startsWith('Jenkins agent disconnected')),
      all.map((s) => s.name).join(', '),
    );
  });

  it('offers folding over long runs of routine lines, never over a finding', async () => {
    const cfg = vscode.workspace.getConfiguration('postmortemLens');
    const check = async (uri: vscode.Uri, minRun: number): Promise<vscode.FoldingRange[]> => {
      const findingLines = new Set(ours(uri).map((d) => d.range.start.line));
      assert.ok(findingLines.size > 0, `no findings in ${uri.path}`);
      const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
      assert.ok(ranges?.length, `no folding ranges in ${uri.path}`);
      for (const r of ranges) {
        assert.ok(r.end - r.start + 1 >= minRun, `a fold of ${r.end - r.start + 1} lines (${r.start + 1}-${r.end + 1})`);
        for (let l = r.start; l <= r.end; l++) assert.ok(!findingLines.has(l), `fold ${r.start + 1}-${r.end + 1} hides the finding at line ${l + 1}`);
      }
      return ranges;
    };
    // The Jenkins console's routine build output runs to line 188 (its echoed `> git ... # timeout=10`
    // commands above line 69 are not errors either, so the fold starts at the segment's second line).
    await waitFor('Problems entries for jenkins-console.log', () => ours(jenkins).length > 0);
    const jenkinsRanges = await check(jenkins, 30);
    assert.ok(
      jenkinsRanges.some((r) => r.start <= 68 && r.end === 187),
      jenkinsRanges.map((r) => `${r.start + 1}-${r.end + 1}`).join(', '),
    );
    // The journal's findings are dense: nothing runs 30 lines; at 10 the gaps between them fold.
    assert.equal((await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', journal))?.length ?? 0, 0);
    await cfg.update('foldRoutineRuns', 10, vscode.ConfigurationTarget.Workspace);
    const journalRanges = await check(journal, 10);
    // The routine stretches between the first GC cycles (14-23, 26-41, 53-64, 72-88); after 88 findings are denser.
    assert.ok(journalRanges.length >= 4, journalRanges.map((r) => `${r.start + 1}-${r.end + 1}`).join(', '));
    await cfg.update('foldRoutineRuns', 0, vscode.ConfigurationTarget.Workspace);
    assert.equal(
      (await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', jenkins))?.length ?? 0,
      0,
      '0 turns folding off',
    );
    await cfg.update('foldRoutineRuns', undefined, vscode.ConfigurationTarget.Workspace);
  });

  describe('pasted text (untitled document)', () => {
    let doc: vscode.TextDocument;

    before(async () => {
      // An empty untitled editor, then the text pasted in: the analysis runs after the debounce.
      doc = await vscode.workspace.openTextDocument({ language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(doc);
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), PASTED)), 'the paste did not apply');
    });

    after(async () => {
      if (doc && !doc.isClosed) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });

    it('analyses pasted text once the edits settle, into Problems', async () => {
      assert.equal(doc.uri.scheme, 'untitled');
      const diagnostics = await waitFor('Problems entries for the pasted text', () => {
        const d = ours(doc.uri);
        return d.some((x) => codeOf(x).value === 'no-space-left-on-device') ? d : undefined;
      });
      const nospace = diagnostics.find((d) => codeOf(d).value === 'no-space-left-on-device')!;
      assert.equal(nospace.range.start.line, PASTED_NOSPACE_LINE);
      assert.equal(codeOf(nospace).target.scheme, 'command');
      // The message carries the captured path as plain text (Problems renders it as text).
      assert.ok(nospace.message.includes(`/var/lib/docker/tmp/${SCRIPT_PATH}`), nospace.message);
    });

    it('shows HTML from the log in the hover as text, never as markup', async () => {
      const parts = await hoverAt(doc.uri, new vscode.Position(PASTED_NOSPACE_LINE, 3));
      const ourPart = parts.find((p) => p.value.includes('no\\-space\\-left\\-on\\-device') || p.value.includes('no-space-left-on-device'));
      assert.ok(ourPart, `hover parts: ${parts.map((p) => p.value.slice(0, 80)).join(' | ')}`);
      const md = ourPart.value;
      assert.ok(plain(md).includes('No space left on device (ENOSPC)'), md.slice(0, 300));
      // The engine captures the path with its script element; it reaches the hover only inside a code span, literally.
      assert.ok(md.includes(`**Captured:** path \`/var/lib/docker/tmp/${SCRIPT_PATH}\``), md);
      // Outside code spans, a `<` from the log is backslash-escaped (Markdown shows it as text).
      const bare = md.replace(/`[^`]*`/g, '').replace(/\\[<>]/g, '');
      assert.ok(!/<\/?script/i.test(bare), `a script tag outside code and unescaped in the hover markdown: ${md}`);
      assert.ok(!md.includes(XSS), 'the raw script element in the hover markdown');
      assert.ok(!ourPart.supportHtml, 'the hover would render HTML');
      assert.ok(ourPart.isTrusted !== true, 'the hover trusts every command');
    });

    it('re-analyses after an edit: removing the failure line clears its entry', async () => {
      const editor = await vscode.window.showTextDocument(doc);
      const line = doc.lineAt(PASTED_NOSPACE_LINE).rangeIncludingLineBreak;
      assert.ok(await editor.edit((e) => e.delete(line)));
      await waitFor('the no-space-left entry to clear', () => !ours(doc.uri).some((d) => codeOf(d).value === 'no-space-left-on-device'));
    });
  });
});
