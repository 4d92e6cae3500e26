// Screen-level check of "Create signature from this pattern" in the Diagnosis view, run by
// test/vscode/run-in-vscode.mjs (--screen). What a user does: Quick Open the konnectivity server's
// log (29 `no DIAL_RSP from agent ...` lines no signature explains), run "Postmortem Lens: Diagnose",
// read the template with its varying parts marked and their values listed -> varying-parts.png, then
// press the cluster's "Create signature from this pattern" button: the drafted signature file opens
// beside it -> create-signature.png
import { join } from 'node:path';
import { dontSave, editorText, findFrame, quickOpen, runCommand, waitUntil } from './workbench.mjs';

const LOG = 'konnectivity-dial-timeout/konnectivity-server.klog.log';

/**
 * @param {import('playwright-core').Page} page the VS Code workbench page
 * @param {{ artifacts: string }} ctx
 * @returns {Promise<{ ok: boolean, error?: string, screenshots: string[] }>}
 */
export async function run(page, { artifacts }) {
  const screenshots = [];
  try {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'View: Close All Editor Groups');
    await dontSave(page);
    await quickOpen(page, LOG);
    await runCommand(page, 'Postmortem Lens: Diagnose');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Active document' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    const frame = await findFrame(
      page,
      'the Diagnosis view with an unmatched cluster',
      async (f) => (await f.locator('#unknown table.unknown tbody tr mark.var').count()) > 0,
    );

    const first = frame.locator('#unknown table.unknown tbody tr').first();
    const template = await first.locator('code.template').innerText();
    if (!template.includes('no DIAL_RSP from agent <*>')) throw new Error(`unexpected first template: ${template}`);
    const marks = await first.locator('mark.var').count();
    if (marks !== (template.match(/<\*>/g) ?? []).length) throw new Error(`${marks} marks for the template ${template}`);
    const title = await first.locator('mark.var').first().getAttribute('title');
    if (!/Part 1 took:\n\S+ {2}×\d+/.test(title ?? '')) throw new Error(`no values in the first mark's tooltip: ${title}`);
    const values = await first.locator('.variables li').allInnerTexts();
    if (values.length !== marks || !/×\d+/.test(values[0])) throw new Error(`values listed: ${values.join(' | ')}`);
    console.log(`  varying parts: ${marks}; part 1: ${values[0]}`);
    await first.scrollIntoViewIfNeeded();
    await first.locator('mark.var').first().hover();
    await page.waitForTimeout(800);
    const shot1 = join(artifacts, 'varying-parts.png');
    await page.screenshot({ path: shot1 });
    screenshots.push(shot1);

    await first.locator('button.create-signature').click();
    const tab = page.locator('.tab.active .label-name', { hasText: /^no-dial-rsp-from-agent.*\.yaml$/ });
    await tab.waitFor({ timeout: 15_000 });
    const shot2 = join(artifacts, 'create-signature.png');
    await waitUntil('the drafted rule in the editor', async () => (await editorText(page)).includes(`- '"no" "DIAL_RSP" "from" "agent"`), 15_000).finally(() =>
      page.screenshot({ path: shot2 }),
    );
    screenshots.push(shot2);
    return { ok: true, screenshots };
  } catch (err) {
    return { ok: false, error: String(err?.message ?? err), screenshots };
  }
}
