// The Playwright half of the typing benchmark (bench/typing.mjs runs it through
// test/vscode/run-in-vscode.mjs --screen). What a user does, measured in the page:
//   1. Quick Open the 20 MB log: time until its first decoration is drawn;
//   2. Quick Open the same text as a plain .txt file, not analysed (Stop Treating as Incident Log);
//   3. in each, alternately, round after round: go to a line in the middle, open a new line, type
//      words one key at a time (a key every --key-ms ms, a --pause-ms pause after each word so the
//      extension's debounce fires and the analysis runs while the next word is typed).
// Key-to-paint latency of one key = keydown (capture listener on window) -> the first animation frame
// after the editor's DOM line shows the text typed so far (a MutationObserver on .view-lines, checked
// against the expected text, so a decoration label appearing does not count as the key's paint).
// Settings arrive as JSON in TYPING_BENCH (set by bench/typing.mjs); samples are written to its `out`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../test/vscode/screen/workbench.mjs';

const WORDS = ['quorum', 'lattice', 'ember', 'vortex', 'saffron', 'glyph', 'nimbus', 'cobalt', 'fjord', 'tundra', 'zephyr', 'mosaic'];

/** In the page: record keydown times and resolve each at the frame after its text is shown. */
function instrument() {
  const w = /** @type {any} */ (window);
  if (w.__typing) return;
  const state = (w.__typing = { plan: [], next: 0, pending: [], samples: [] });
  // The editor's rendered lines, one per line (spaces are rendered as no-break spaces).
  const visibleText = () =>
    [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')]
      .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
      .join('\n');
  window.addEventListener(
    'keydown',
    (e) => {
      if (state.next >= state.plan.length || e.key.length !== 1) return;
      state.pending.push({ t: performance.now(), expect: state.plan[state.next++] });
    },
    true,
  );
  const check = () => {
    if (state.pending.length === 0) return;
    const text = visibleText();
    const shown = state.pending.filter((p) => text.includes(p.expect));
    if (shown.length === 0) return;
    state.pending = state.pending.filter((p) => !shown.includes(p));
    requestAnimationFrame(() => {
      const now = performance.now();
      for (const p of shown) state.samples.push(now - p.t);
    });
  };
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
}

export async function run(page, { artifacts }) {
  const cfg = JSON.parse(process.env.TYPING_BENCH ?? '{}');
  const { files, rounds = 2, words = 8, keyMs = 80, pauseMs = 500, line = 50_000, out } = cfg;
  if (!files?.log || !files?.plain || !out) throw new Error('TYPING_BENCH must name files.log, files.plain and out');
  const result = { firstDecorationMs: undefined, phases: [], notes: [] };
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.evaluate(instrument);

  const open = async (name) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(name);
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    const until = Date.now() + 20_000;
    while (!(await first.innerText({ timeout: 1000 }).catch(() => '')).includes(name)) {
      if (Date.now() > until) throw new Error(`Quick Open did not list ${name}`);
      await page.waitForTimeout(100);
    }
    let t0 = Date.now();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active .label-name', { hasText: name }).waitFor({ timeout: 60_000 });
    // In a browser VS Code asks before opening a file over workbench.editorLargeFileConfirmation
    // (10 MB in the web): click "Open Anyway" as a user does, and count from there.
    const firstLine = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').first();
    const anyway = page.locator('.editor-group-container.active a.monaco-button, .editor-group-container.active .monaco-button', { hasText: 'Open Anyway' });
    await Promise.race([firstLine.waitFor({ timeout: 60_000 }), anyway.waitFor({ timeout: 60_000 })]);
    if (await anyway.count()) {
      t0 = Date.now();
      await anyway.first().click();
      result.notes.push(`${name}: VS Code asked to confirm opening a large file; clicked Open Anyway (times count from the click)`);
    }
    await firstLine.waitFor({ timeout: 60_000 });
    return t0;
  };
  const decorated = () => page.locator('.editor-group-container.active .editor-instance [class*="ced-"]').count();

  // 1. The log: time to its first decoration (the text is shown long before).
  const t0 = await open(files.log);
  result.openedAt = t0;
  result.logShownMs = Date.now() - t0;
  await page.locator('.editor-group-container.active .editor-instance [class*="ced-"]').first().waitFor({ state: 'attached', timeout: 300_000 });
  result.decoratedAt = Date.now();
  result.firstDecorationMs = result.decoratedAt - t0;
  await page.screenshot({ path: join(artifacts, 'typing-log-opened.png') });
  // 2. The same text as plain text.
  await open(files.plain);
  // Its content looks like a log, so the extension reads it as one (marks come within seconds, later on
  // a loaded machine): a user's "Stop Treating as Incident Log" makes it the unanalysed baseline.
  for (let waited = 0; waited < 30_000 && (await decorated()) === 0; waited += 500) await page.waitForTimeout(500);
  if ((await decorated()) > 0) {
    await runCommand(page, 'Postmortem Lens: Stop Treating as Incident Log');
    await page.waitForTimeout(2000);
  }
  const plainDecorations = await decorated();
  if (plainDecorations > 0) result.notes.push(`the plain-text copy has ${plainDecorations} decorations: it was analysed, so it is not a baseline`);

  // 3. Type, alternating between the two editors.
  let typed = 0;
  for (let r = 0; r < rounds; r++) {
    for (const which of ['log', 'plain']) {
      const name = files[which];
      // Switch tabs through Quick Open (the file is open: this only activates it).
      await open(name);
      await page.keyboard.press('Control+G');
      await page.keyboard.type(String(line + r * 10));
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1000);
      // An anchor no log line holds, typed first and not measured, makes each key's expectation (the
      // anchor and the text typed so far) unique on screen from the first key on.
      const anchor = `BENCH${r}${which}:`;
      await page.keyboard.type(anchor, { delay: 30 });
      await page.waitForTimeout(pauseMs + 1000);
      const phrase = [];
      for (let k = 0; k < words; k++) phrase.push(`${WORDS[(typed + k) % WORDS.length]}${r}`);
      const text = phrase.join(' ');
      const plan = [...text].map((_, i) => anchor + text.slice(0, i + 1));
      await page.evaluate((p) => {
        const s = window.__typing;
        s.plan = p;
        s.next = 0;
        s.pending = [];
        s.samples = [];
      }, plan);
      const started = Date.now();
      for (let k = 0; k < phrase.length; k++) {
        for (const ch of (k ? ' ' : '') + phrase[k]) {
          await page.keyboard.type(ch);
          await page.waitForTimeout(keyMs);
        }
        await page.waitForTimeout(pauseMs);
      }
      await page.waitForTimeout(1500); // let the last keys paint
      const { samples, pending } = await page.evaluate(() => ({ samples: window.__typing.samples, pending: window.__typing.pending.length }));
      result.phases.push({ which, round: r, started, ended: Date.now(), keys: plan.length, samples, unpainted: pending });
      typed += words;
      if (r === 0) await page.screenshot({ path: join(artifacts, `typing-${which}.png`) });
    }
  }
  // The editors are left unsaved: the files stay as generated.
  writeFileSync(out, JSON.stringify(result, null, 2));
  const ok = result.phases.every((p) => p.samples.length > 0);
  return ok ? { ok } : { ok, error: 'a phase had no key seen painted' };
}
