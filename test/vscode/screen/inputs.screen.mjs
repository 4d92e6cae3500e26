// Screen-level check of what is read and of picking the files of one incident, run by
// test/vscode/run-in-vscode.mjs (--screen) against the page it opened. What a user does:
//   1. paste a `kubectl describe pod` into a new untitled editor; it is YAML to VS Code (detected, or
//      set as users do with Change Language Mode): the eviction is decorated; the language status
//      says why it is read                                                       -> paste-yaml.png
//   2. open a PrometheusRule manifest: nothing marked; F1 "Treat as Incident Log": marked
//      -> manifest-treated.png; the editor title's "..." menu "Stop Treating ..."  -> manifest-menu.png,
//      and the marks are gone                                                     -> manifest-stopped.png
//   3. F1 "Diagnose Together": a multi-select pick of the workspace's log files; filter and check two
//      -> pick-two-files.png; Enter: the Diagnosis view of 2 inputs               -> pick-diagnosis.png
//   4. the Explorer: select two files (click, Ctrl+click), right-click "Diagnose Together"
//      -> explorer-menu.png; the Diagnosis view of 2 inputs                       -> explorer-diagnosis.png
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dontSave, editorText, findFrame, paste, pick, quickOpen, recorder, runCommand, waitUntil } from './workbench.mjs';

/** A text of test/fixtures/pasted/ (shared with the in-editor suite). */
const fixture = (name) => readFileSync(fileURLToPath(new URL(`../../fixtures/pasted/${name}`, import.meta.url)), 'utf8');

const DESCRIBE = fixture('describe-evicted-pod.txt').trimEnd();
const MANIFEST = fixture('prometheusrule-disk-alerts.yaml');
const MANIFEST_NAME = 'node-disk-alerts.yaml';
const DECORATED = '.editor-instance .view-line [class*="ced-"]';
/** Diagnostics draw squiggles in the view overlays. */
const SQUIGGLES = '.editor-instance .view-overlays .squiggly-error';

/**
 * @param {import('playwright-core').Page} page the VS Code workbench page
 * @param {{ artifacts: string, url: string, workspace: string }} ctx
 * @returns {Promise<{ ok: boolean, error?: string, screenshots: string[] }>}
 */
export async function run(page, { artifacts, url, workspace }) {
  const { screenshots, shot, step } = recorder(page, artifacts);
  const t0 = Date.now();
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  mkdirSync(join(workspace, 'manifests'), { recursive: true });
  writeFileSync(join(workspace, 'manifests', MANIFEST_NAME), MANIFEST);

  await step('paste a kubectl describe into an untitled editor, as YAML: it is read', async () => {
    await runCommand(page, 'View: Close All Editor Groups');
    await dontSave(page);
    await runCommand(page, 'File: New Untitled Text File');
    await page.locator('.tab.active .label-name', { hasText: /^Untitled-\d+/ }).waitFor({ timeout: 10_000 });
    await page.locator('.editor-instance textarea.inputarea, .editor-instance .native-edit-context').first().waitFor({ state: 'attached', timeout: 10_000 });
    await paste(page, url, DESCRIBE, 'Reason:');
    await waitUntil('the pasted text in the editor', async () => (await editorText(page)).includes('Reason:'), 10_000);
    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    const detected = await waitUntil('VS Code to detect YAML', async () => /yaml/i.test(await mode.innerText().catch(() => '')), 6_000).then(
      () => true,
      () => false,
    );
    if (!detected) {
      // Detection is a model's guess; users who see "Plain Text" pick the language themselves.
      await runCommand(page, 'Change Language Mode');
      await page.keyboard.type('YAML');
      await pick(page, 'YAML');
      await waitUntil('the YAML language mode', async () => /yaml/i.test(await mode.innerText().catch(() => '')), 10_000);
    }
    console.log(`  language: ${(await mode.innerText()).trim()} (${detected ? 'detected by VS Code' : 'set with Change Language Mode'})`);
    await page
      .locator('.editor-instance .view-line', { hasText: 'The node was low on resource' })
      .first()
      .locator('[class*="ced-"]')
      .first()
      .waitFor({ state: 'attached', timeout: 15_000 });
    // The language status ({} next to the language mode) says why it is read.
    await page.locator('.statusbar-item[id="status.languageStatus"]').click();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Incident log' });
    await hover.first().waitFor({ state: 'visible', timeout: 5_000 });
    const said = await hover.first().innerText();
    if (!/read: pasted text; .*kubectl-describe/.test(said) || !said.includes('Stop')) throw new Error(`the language status says: ${said}`);
    await page.waitForTimeout(400);
    await shot('paste-yaml.png');
    await page.keyboard.press('Escape');
  });

  await step('a YAML manifest is left alone until "Treat as Incident Log", and "Stop" clears it', async () => {
    await runCommand(page, 'View: Close All Editor Groups');
    await dontSave(page);
    await quickOpen(page, `manifests/${MANIFEST_NAME}`, MANIFEST_NAME);
    await page.locator('.editor-instance .view-line', { hasText: 'no space left on device' }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1500); // past the debounce: nothing is marked
    if (await page.locator(DECORATED).count()) throw new Error('the manifest is decorated before being treated as a log');
    await runCommand(page, 'Postmortem Lens: Treat as Incident Log');
    await page.locator(DECORATED).first().waitFor({ state: 'attached', timeout: 15_000 });
    await page.locator(SQUIGGLES).first().waitFor({ state: 'attached', timeout: 10_000 }); // its Problems entries
    await page.waitForTimeout(300);
    await shot('manifest-treated.png');
    await page.locator('.editor-actions .action-label.codicon-toolbar-more').first().click();
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: 'Stop Treating as Incident Log' });
    await item.first().waitFor({ state: 'visible', timeout: 5_000 });
    await page.waitForTimeout(200);
    await shot('manifest-menu.png');
    await item.first().click();
    await waitUntil('the marks to go', async () => (await page.locator(DECORATED).count()) === 0, 10_000);
    await waitUntil('its Problems entries (squiggles) to go', async () => (await page.locator(SQUIGGLES).count()) === 0, 10_000);
    await shot('manifest-stopped.png');
  });

  await step('F1 "Diagnose Together": check two log files in the pick, Enter', async () => {
    await runCommand(page, 'Postmortem Lens: Diagnose Together');
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Diagnose Together' }).waitFor({ timeout: 10_000 });
    await widget.locator('.monaco-list-row', { hasText: 'kubelet.journal.log' }).first().waitFor({ timeout: 30_000 });
    for (const [filter, name] of [
      ['kubelet.journal', 'kubelet.journal.log'],
      ['describe-pod-jenkins', 'describe-pod-jenkins.txt'],
    ]) {
      await page.keyboard.press('Control+A');
      await page.keyboard.type(filter);
      const row = widget.locator('.monaco-list-row', { hasText: name }).filter({ hasText: 'dind-evicted-nodefs' }).first();
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await row.locator('input.quick-input-list-checkbox').check();
    }
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await waitUntil(
      '"2 Selected"',
      async () =>
        (
          await widget
            .locator('.quick-input-count')
            .innerText()
            .catch(() => '')
        ).includes('2 Selected'),
      5_000,
    );
    await page.waitForTimeout(300);
    await shot('pick-two-files.png');
    await page.keyboard.press('Enter');
    await diagnosisOf(page, ['kubelet.journal.log', 'describe-pod-jenkins.txt']);
    await page.mouse.move(700, 880);
    await page.waitForTimeout(500);
    await shot('pick-diagnosis.png');
  });

  await step('the Explorer: two files selected, right-click "Diagnose Together"', async () => {
    await runCommand(page, 'View: Close All Editor Groups');
    await dontSave(page);
    await runCommand(page, 'View: Show Explorer');
    const tree = page.locator('.explorer-folders-view');
    const rowOf = (name) => tree.locator(`.monaco-list-row[aria-label="${name}"]`).first();
    await rowOf('konnectivity-dial-timeout').waitFor({ timeout: 10_000 });
    if ((await rowOf('konnectivity-dial-timeout').getAttribute('aria-expanded')) !== 'true') await rowOf('konnectivity-dial-timeout').click();
    await rowOf('kube-apiserver.klog.log').waitFor({ timeout: 10_000 });
    await rowOf('kube-apiserver.klog.log').click();
    await rowOf('konnectivity-agent.klog.log').click({ modifiers: ['Control'] });
    await waitUntil('both files selected', async () => (await tree.locator('.monaco-list-row.selected').count()) === 2, 5_000);
    await rowOf('konnectivity-agent.klog.log').click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: 'Diagnose Together' });
    await item.first().waitFor({ state: 'visible', timeout: 5_000 });
    await page.waitForTimeout(200);
    await shot('explorer-menu.png');
    await item.first().click();
    await diagnosisOf(page, ['kube-apiserver.klog.log', 'konnectivity-agent.klog.log']);
    await page.mouse.move(700, 880);
    await page.waitForTimeout(500);
    await shot('explorer-diagnosis.png');
  });

  console.log(`inputs screen: ${screenshots.length} screenshot(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { ok: true, screenshots };
}

/** The Diagnosis view once it shows these inputs (and only these). */
async function diagnosisOf(page, names) {
  const frame = await findFrame(page, `the Diagnosis view of ${names.join(' + ')}`, async (f) => {
    const summary = await f
      .locator('.summary')
      .innerText({ timeout: 500 })
      .catch(() => '');
    if (!summary.includes(`in ${names.length} inputs`)) return false;
    const inputs = await f
      .locator('#inputs')
      .innerText({ timeout: 500 })
      .catch(() => '');
    return names.every((n) => inputs.includes(n));
  });
  await page.locator('.tab .label-name', { hasText: 'Postmortem Lens: Diagnosis' }).first().waitFor({ timeout: 5_000 });
  return frame;
}
