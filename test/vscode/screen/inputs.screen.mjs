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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DESCRIBE = `Name:             web-7f9c6d5b8-2xkqp
Namespace:        shop
Priority:         0
Service Account:  default
Node:             ip-10-0-3-17.eu-west-1.compute.internal/
Start Time:       Tue, 16 Nov 2021 09:12:44 +0000
Labels:           app=web
                  pod-template-hash=7f9c6d5b8
Annotations:      kubernetes.io/psp: eks.privileged
Status:           Failed
Reason:           Evicted
Message:          The node was low on resource: ephemeral-storage. Container web was using 10562Mi, which exceeds its request of 0.
IP:
IPs:              <none>
Controlled By:    ReplicaSet/web-7f9c6d5b8
Containers:
  web:
    Image:      registry.example.com/shop/web:4.2.1
    Port:       8080/TCP
    Requests:
      cpu:        250m
      memory:     256Mi
QoS Class:                   Burstable
Events:
  Type     Reason     Age   From     Message
  ----     ------     ----  ----     -------
  Warning  Evicted    12m   kubelet  The node was low on resource: ephemeral-storage.
  Normal   Killing    12m   kubelet  Stopping container web`;
const MANIFEST = `# Alerts for the disk-pressure incidents of November.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: node-disk
  namespace: monitoring
spec:
  groups:
    - name: node-disk
      rules:
        - alert: PodsEvictedForDiskPressure
          expr: sum by (namespace) (kube_pod_status_reason{reason="Evicted"}) > 0
          annotations:
            description: >-
              The kubelet says "The node was low on resource: ephemeral-storage." and image
              builds fail with "write /var/lib/docker/tmp/x: no space left on device".
        - alert: KubeletImageGCFailing
          expr: increase(kubelet_image_garbage_collection_failures_total[15m]) > 0
          annotations:
            summary: Image garbage collection failed multiple times in a row
`;
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
  const screenshots = [];
  const shot = async (name) => {
    const path = join(artifacts, name);
    await page.screenshot({ path });
    screenshots.push(path);
  };
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      const r = await fn();
      console.log(`  screen ok   ${name} (${Date.now() - started} ms)`);
      return r;
    } catch (err) {
      console.log(`  screen FAIL ${name} (${Date.now() - started} ms)`);
      throw new Error(`${name}: ${err?.message ?? err}`, { cause: err });
    }
  };
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
    await paste(page, url, DESCRIBE);
    await waitUntil('the pasted text in the editor', async () => (await editorText(page)).includes('Reason:'), 10_000);
    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    const detected = await waitUntil('VS Code to detect YAML', async () => /yaml/i.test(await mode.innerText().catch(() => '')), 6_000).then(() => true, () => false);
    if (!detected) {
      // Detection is a model's guess; users who see "Plain Text" pick the language themselves.
      await runCommand(page, 'Change Language Mode');
      await page.keyboard.type('YAML');
      await pick(page, 'YAML');
      await waitUntil('the YAML language mode', async () => /yaml/i.test(await mode.innerText().catch(() => '')), 10_000);
    }
    console.log(`  language: ${(await mode.innerText()).trim()} (${detected ? 'detected by VS Code' : 'set with Change Language Mode'})`);
    await page.locator('.editor-instance .view-line', { hasText: 'The node was low on resource' }).first()
      .locator('[class*="ced-"]').first().waitFor({ state: 'attached', timeout: 15_000 });
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
    await page.waitForTimeout(1500);  // past the debounce: nothing is marked
    if (await page.locator(DECORATED).count()) throw new Error('the manifest is decorated before being treated as a log');
    await runCommand(page, 'Postmortem Lens: Treat as Incident Log');
    await page.locator(DECORATED).first().waitFor({ state: 'attached', timeout: 15_000 });
    await page.locator(SQUIGGLES).first().waitFor({ state: 'attached', timeout: 10_000 });  // its Problems entries
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
    for (const [filter, name] of [['kubelet.journal', 'kubelet.journal.log'], ['describe-pod-jenkins', 'describe-pod-jenkins.txt']]) {
      await page.keyboard.press('Control+A');
      await page.keyboard.type(filter);
      const row = widget.locator('.monaco-list-row', { hasText: name }).filter({ hasText: 'dind-evicted-nodefs' }).first();
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await row.locator('input.quick-input-list-checkbox').check();
    }
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await waitUntil('"2 Selected"', async () => (await widget.locator('.quick-input-count').innerText().catch(() => '')).includes('2 Selected'), 5_000);
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

// --- helpers (as in editor.screen.mjs) ---------------------------------------------------------

/** The Diagnosis view once it shows these inputs (and only these). */
async function diagnosisOf(page, names) {
  const frame = await findFrame(page, `the Diagnosis view of ${names.join(' + ')}`, async (f) => {
    const summary = await f.locator('.summary').innerText({ timeout: 500 }).catch(() => '');
    if (!summary.includes(`in ${names.length} inputs`)) return false;
    const inputs = await f.locator('#inputs').innerText({ timeout: 500 }).catch(() => '');
    return names.every((n) => inputs.includes(n));
  });
  await page.locator('.tab .label-name', { hasText: 'Postmortem Lens: Diagnosis' }).first().waitFor({ timeout: 5_000 });
  return frame;
}

async function quickOpen(page, query, name) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(query);
  const first = page.locator('.quick-input-widget .monaco-list-row').first();
  await waitUntil(`${name} as the first Quick Open result`, async () => (await first.innerText({ timeout: 1000 }).catch(() => '')).includes(name), 15_000);
  await page.keyboard.press('Enter');
  await page.locator('.tab.active .label-name', { hasText: name }).waitFor({ timeout: 10_000 });
}

async function waitUntil(what, probe, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function retry(what, times, fn) {
  let last;
  for (let i = 0; i < times; i++) {
    try {
      return await fn(i);
    } catch (err) {
      last = err;
    }
  }
  throw new Error(`${what} (${times} attempts): ${last?.message ?? last}`);
}

/** Run a command from the palette (F1) by its label. */
async function runCommand(page, label) {
  const widget = page.locator('.quick-input-widget');
  await retry(`the command palette for "${label}"`, 3, async (attempt) => {
    await page.keyboard.press('Escape');
    if (attempt > 0) await page.evaluate(() => (document.activeElement instanceof HTMLElement) && document.activeElement.blur());
    await page.keyboard.press('F1');
    await widget.locator('.quick-input-box input').waitFor({ state: 'visible', timeout: 3_000 });
  });
  await page.keyboard.type(label);
  const row = widget.locator('.monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Choose an item of the quick pick that is open. */
async function pick(page, label) {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Answer "Don't Save" to the save prompts that closing dirty untitled editors raises. */
async function dontSave(page) {
  const button = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
  for (let i = 0; i < 10; i++) {
    if (!(await button.first().isVisible({ timeout: 1500 }).catch(() => false))) {
      await page.waitForTimeout(300);
      if (!(await button.first().isVisible().catch(() => false))) return;
    }
    await button.first().click();
  }
}

/** The frame (of any depth) that satisfies `probe`, polling until it appears. */
async function findFrame(page, what, probe, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (f === page.mainFrame() || f.isDetached()) continue;
      if (await probe(f).catch(() => false)) return f;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}

/** The text of the visible lines of the active editor (Monaco renders spaces as U+00A0). */
async function editorText(page) {
  const lines = await page.locator('.editor-instance .view-lines .view-line').allInnerTexts();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** Paste `text` into the focused editor: through the clipboard (Ctrl+V) when the browser allows it, else as input. */
async function paste(page, url, text) {
  const origin = new URL(url).origin;
  let viaClipboard = false;
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press('Control+V');
    await waitUntil('the paste', async () => (await editorText(page)).includes('Reason:'), 3_000);
    viaClipboard = true;
  } catch {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }
  console.log(`  pasted ${text.length} chars ${viaClipboard ? 'through the clipboard' : 'as text input'}`);
}
