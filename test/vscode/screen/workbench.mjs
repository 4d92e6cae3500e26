// What the screen scripts (test/vscode/screen/*.screen.mjs) do to the VS Code workbench page, once:
// wait, retry, run a palette command by its exact label, pick, Quick Open, find a webview's frame,
// read and paste editor text. Not a screen script itself (run-in-vscode.mjs takes those by --screen).
import { join } from 'node:path';

/**
 * A screen script's record: `shot(name)` saves a screenshot into `artifacts` (listed in
 * `screenshots`), `step(name, fn)` runs one user step and logs it as ok or FAIL with its time.
 */
export function recorder(page, artifacts) {
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
  return { screenshots, shot, step };
}

/** Poll `probe` until it is truthy. */
export async function waitUntil(what, probe, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** `fn(attempt)` until it resolves, at most `times` times. */
export async function retry(what, times, fn) {
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

/**
 * Run a command from the palette (F1) by its label. The row whose label is exactly `label` is
 * chosen: the palette lists recently used commands first, so "Postmortem Lens: Diagnose" would
 * otherwise pick "Postmortem Lens: Diagnose Together" once that was used.
 */
export async function runCommand(page, label) {
  const widget = page.locator('.quick-input-widget');
  await retry(`the command palette for "${label}"`, 3, async (attempt) => {
    await page.keyboard.press('Escape');
    // Focus may sit in a webview iframe: hand it back to the workbench first.
    if (attempt > 0) await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.keyboard.press('F1');
    await widget.locator('.quick-input-box input').waitFor({ state: 'visible', timeout: 3_000 });
  });
  await page.keyboard.type(label);
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Choose an item of the quick pick that is open. */
export async function pick(page, label) {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/**
 * Quick Open (Ctrl+P) `query` and open the first result once it is the file `name` (default: the
 * query's last part). A file the script has just written may not be in Quick Open's index yet: the
 * query is typed again (up to 30 s) until it is.
 */
export async function quickOpen(page, query, name = query.split('/').pop()) {
  await retry(`${name} as the first Quick Open result`, 6, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(query);
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    await waitUntil(`${name} as the first Quick Open result`, async () => (await first.innerText({ timeout: 1000 }).catch(() => '')).includes(name), 5_000);
  });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active .label-name', { hasText: name }).waitFor({ timeout: 10_000 });
}

/**
 * Open Problems (Ctrl+Shift+M) and filter it on `text`: the suites before a screen leave many documents
 * with Problems open. Returns the panel, and `clear()` that empties the filter again.
 */
export async function filterProblems(page, text) {
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.click();
  await page.keyboard.type(text);
  const clear = async () => {
    await filter.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
  };
  return { panel, clear };
}

/** Answer "Don't Save" to the save prompts that closing dirty untitled editors raises. */
export async function dontSave(page) {
  const button = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
  for (let i = 0; i < 10; i++) {
    if (
      !(await button
        .first()
        .isVisible({ timeout: 1500 })
        .catch(() => false))
    ) {
      await page.waitForTimeout(300);
      if (
        !(await button
          .first()
          .isVisible()
          .catch(() => false))
      )
        return;
    }
    await button.first().click();
  }
}

/** The frame (of any depth) that satisfies `probe`, polling until it appears. */
export async function findFrame(page, what, probe, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (f === page.mainFrame() || f.isDetached()) continue;
      if (await probe(f).catch(() => false)) return f;
    }
    if (Date.now() > until)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what} (frames: ${page
          .frames()
          .map((f) => f.url().slice(0, 80))
          .join(', ')})`,
      );
    await page.waitForTimeout(200);
  }
}

/** The text of the visible lines of the active editor (Monaco renders spaces as U+00A0). */
export async function editorText(page) {
  const lines = await page.locator('.editor-instance .view-lines .view-line').allInnerTexts();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/**
 * Paste `text` into the focused editor: through the clipboard (Ctrl+V) when the browser allows it
 * (seen when the editor shows `marker`), else as one text input.
 */
export async function paste(page, url, text, marker) {
  const origin = new URL(url).origin;
  let viaClipboard = false;
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press('Control+V');
    await waitUntil('the paste', async () => (await editorText(page)).includes(marker), 3_000);
    viaClipboard = true;
  } catch {
    // Clear whatever part arrived, then insert the text as one input (no auto-closing of brackets).
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }
  console.log(`  pasted ${text.length} chars ${viaClipboard ? 'through the clipboard' : 'as text input'}`);
}
