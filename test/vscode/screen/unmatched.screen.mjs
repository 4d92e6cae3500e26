// Screen-level check of the "Unmatched error lines" section of the Diagnosis view, run by
// test/vscode/run-in-vscode.mjs (--screen). What a user does: Quick Open the helm CI loop's console
// (a `set -x` script full of `+ helm upgrade --timeout 300` echoes and `passed so far: N, failed: M`
// counters), run "Postmortem Lens: Diagnose" on it and read the unmatched errors: only real error
// lines, each with its score and reasons, and a note saying what was set aside -> unmatched-errors.png
import { join } from 'node:path';
import { dontSave, findFrame, runCommand, waitUntil } from './workbench.mjs';

const LOG = { folder: 'helm-tiller-flaky-ci', name: 'helm-ci-loop.log' };

/**
 * @param {import('playwright-core').Page} page the VS Code workbench page
 * @param {{ artifacts: string }} ctx
 * @returns {Promise<{ ok: boolean, error?: string, screenshots: string[] }>}
 */
export async function run(page, { artifacts }) {
  const screenshots = [];
  try {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // Earlier scripts leave split editors and webviews open: start from an empty editor area.
    await runCommand(page, 'View: Close All Editor Groups');
    await dontSave(page);
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`${LOG.folder}/${LOG.name}`);
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    await waitUntil(
      'the CI loop log as the first Quick Open result',
      async () => {
        const t = await first.innerText({ timeout: 1000 }).catch(() => '');
        return t.includes(LOG.name) && t.includes(LOG.folder);
      },
      15_000,
    );
    await page.keyboard.press('Enter');
    await page.locator('.tab.active .label-name', { hasText: LOG.name }).waitFor({ timeout: 10_000 });

    await runCommand(page, 'Postmortem Lens: Diagnose');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Active document' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    const frame = await findFrame(
      page,
      'the Diagnosis view of the CI loop',
      async (f) =>
        (await f.locator('#unknown table.unknown tbody tr').count()) > 0 &&
        (
          await f
            .locator('.summary')
            .innerText({ timeout: 500 })
            .catch(() => '')
        ).includes('1 input'),
    );

    const templates = await frame.locator('#unknown table.unknown tbody tr code.template').allInnerTexts();
    const noise = templates.filter((t) => /^\+ helm|passed so far|# timeout=/.test(t));
    if (noise.length) throw new Error(`echoed commands or counters listed as errors: ${noise.join(' | ')}`);
    const scores = (await frame.locator('#unknown table.unknown tbody tr td.score').allInnerTexts()).map(Number);
    if (scores.length !== templates.length || scores.some((s, i) => i > 0 && s > scores[i - 1]))
      throw new Error(`scores not shown best first: ${scores.join(', ')}`);
    const reasons = await frame.locator('#unknown table.unknown tbody tr .reasons').first().innerText();
    if (!/level \+/.test(reasons)) throw new Error(`no reasons under the first cluster: "${reasons}"`);
    const notes = await frame.locator('#unknown ul.notes').innerText();
    if (!/Set aside as not errors: \d+ echoed commands?/.test(notes)) throw new Error(`no note on what was set aside: "${notes}"`);
    console.log(`  unmatched: ${templates.length} clusters, scores ${scores.join(', ')}; ${notes.trim()}`);

    await frame.locator('#unknown').scrollIntoViewIfNeeded();
    await frame.evaluate(() => document.querySelector('#unknown')?.scrollIntoView({ block: 'start' }));
    await page.mouse.move(700, 880);
    await page.waitForTimeout(500);
    const path = join(artifacts, 'unmatched-errors.png');
    await page.screenshot({ path });
    screenshots.push(path);
    return { ok: true, screenshots };
  } catch (err) {
    return { ok: false, error: String(err?.message ?? err), screenshots };
  }
}
