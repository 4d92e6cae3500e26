/**
 * The catalogue as a user meets it inside VS Code: the tree and the page open with the whole
 * catalogue, a signature page opens by id, and a broken signature file in the workspace gets
 * diagnostics at the right lines that clear once the file is gone.
 */
import * as vscode from 'vscode';
import { ours, waitFor as waitUntil } from './helpers';
import { strict as assert } from 'node:assert';

/** A user signature with an invalid severity (line 6) and an unclosed rule group (line 10). */
const BROKEN = [
  '# yaml-language-server: $schema=../../patterns/signature.schema.json',
  'id: broken-sig',
  'title: A broken signature',
  'summary: Written by the VS Code suite; has two mistakes.',
  'status: test',
  'severity: disastrous',
  'category: node',
  'appliesTo: [any]',
  'match:',
  '  - unclosed (rule group',
  'explanation: Written by the VS Code suite to prove that problems reach the Problems panel.',
  'causes: [none]',
  'checks: [{ title: none, command: "true" }]',
  'remediation: [none]',
  'references: []',
  'examples:',
  '  match: [unclosed rule group]',
  '',
].join('\n');
const SEVERITY_LINE = 5; // 0-based
const RULE_LINE = 9; // 0-based

/** This suite waits on file watchers: 20 s rather than the shared default. */
const waitFor = <T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> => waitUntil(what, probe, timeoutMs);

interface RenderReport {
  what: string;
  listed?: number;
  id?: string;
  title?: string;
  sections?: string[];
}
interface CatalogueViewState {
  shownId?: string;
  resultCount: number;
  rendered: { results?: RenderReport; page?: RenderReport };
}

describe('catalogue', function () {
  this.timeout(60_000);
  let dir: vscode.Uri | undefined;
  let file: vscode.Uri | undefined;
  let createdDir: vscode.Uri | undefined;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'postmortem-lens');
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
  });

  after(async () => {
    if (file) await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    if (createdDir) await vscode.workspace.fs.delete(createdDir, { recursive: true }).then(undefined, () => undefined);
  });

  it('browses the catalogue: the tree and the page list every signature (60 or more)', async () => {
    const shown = await vscode.commands.executeCommand<number>('postmortemLens.browseCatalogue');
    assert.ok(typeof shown === 'number' && shown >= 60, `the page lists ${shown} signatures`);
    await waitFor('the catalogue page tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Postmortem Lens: Catalogue'),
    );
    const state = await vscode.commands.executeCommand<CatalogueViewState | undefined>('postmortemLens.test.catalogueView', { waitMs: 20_000 });
    assert.ok(state?.rendered.results, 'the catalogue page did not report its result list');
    assert.equal(state.rendered.results.listed, shown, 'the page lists what the command reported');
    const reloaded = await vscode.commands.executeCommand<number>('postmortemLens.reloadCatalogue');
    assert.ok(reloaded >= 60, `reload loaded ${reloaded}`);
  });

  it('opens the page of a signature by id, and answers an unknown id with nothing shown', async () => {
    assert.equal(await vscode.commands.executeCommand<string>('postmortemLens.openSignature', 'conntrack-table-full'), 'conntrack-table-full');
    const state = await vscode.commands.executeCommand<CatalogueViewState | undefined>('postmortemLens.test.catalogueView', {
      pageId: 'conntrack-table-full',
      waitMs: 20_000,
    });
    assert.equal(state?.shownId, 'conntrack-table-full');
    const page = state.rendered.page!;
    assert.match(page.title ?? '', /conntrack/i);
    for (const section of ['What it means', 'Next checks', 'References', 'Related signatures', 'Examples', 'Rule']) {
      assert.ok(page.sections?.includes(section), `section "${section}" missing: ${page.sections?.join(', ')}`);
    }
    assert.equal(await vscode.commands.executeCommand<string>('postmortemLens.openSignature', { id: 'conntrack-table-full' }), 'conntrack-table-full');
    assert.equal(await vscode.commands.executeCommand<string>('postmortemLens.openSignature', 'conntrack-tabel-ful'), undefined);
  });

  it('shows the problems of a broken user signature at their lines, and clears them when it is gone', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite runs with a workspace folder');
    const base = vscode.Uri.joinPath(folder.uri, '.postmortem-lens');
    dir = vscode.Uri.joinPath(base, 'patterns');
    const existed = await vscode.workspace.fs.stat(base).then(
      () => true,
      () => false,
    );
    if (!existed) createdDir = base;
    // Our own watcher tells when VS Code has seen the writes, so the waits below measure the extension.
    const seen: string[] = [];
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.postmortem-lens/patterns/*.yaml'));
    watcher.onDidCreate((u) => seen.push(`created ${u.path}`));
    watcher.onDidChange((u) => seen.push(`changed ${u.path}`));
    watcher.onDidDelete((u) => seen.push(`deleted ${u.path}`));
    // One level at a time: on Linux the recursive watcher (@parcel/watcher, inotify) misses a folder
    // created right after its parent (mkdir -p; parcel-bundler/watcher#97), and then every file in it.
    const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 700));
    await vscode.workspace.fs.createDirectory(base);
    await pause();
    await vscode.workspace.fs.createDirectory(dir);
    await pause();
    file = vscode.Uri.joinPath(dir, 'broken-sig.yaml');
    const target = file;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(BROKEN));
    await waitFor('the file watcher to see broken-sig.yaml', () => seen.length > 0, 10_000);

    const diagnostics = await waitFor(`diagnostics on broken-sig.yaml (file events: ${seen.join(', ')})`, () => {
      const d = ours(target);
      return d.some((x) => x.range.start.line === SEVERITY_LINE) && d.some((x) => x.range.start.line === RULE_LINE) ? d : undefined;
    });
    const severity = diagnostics.find((d) => d.range.start.line === SEVERITY_LINE)!;
    assert.equal(severity.severity, vscode.DiagnosticSeverity.Error);
    assert.match(severity.message, /severity/);
    const rule = diagnostics.find((d) => d.range.start.line === RULE_LINE)!;
    assert.equal(rule.severity, vscode.DiagnosticSeverity.Error);
    assert.match(rule.message, /^match\[0\]/);
    assert.ok(
      diagnostics.every((d) => d.range.start.line === SEVERITY_LINE || d.range.start.line === RULE_LINE),
      diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n'),
    );

    await vscode.workspace.fs.delete(target);
    file = undefined;
    await waitFor('the file watcher to see the deletion', () => seen.some((e) => e.startsWith('deleted')), 10_000);
    await waitFor('the diagnostics to clear', () => ours(target).length === 0);
    watcher.dispose();
  });
});
