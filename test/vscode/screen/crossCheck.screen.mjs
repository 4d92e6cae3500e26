// Screen-level check of the facts across lines (issue 10 §4), run by test/vscode/run-in-vscode.mjs
// --screen against the page it opened. As a user would:
//   1. Quick Open kubespray-cni-rerun/kubectl-get.txt and hover a kube-flannel-ds row: the hover names
//      the two CNI plugins on that node                                          -> crosscheck-hover-cni.png
//   2. hover the row of a pod whose IP is outside its node's podCIDR: the hover gives the pod, its IP and
//      the node's range                                                          -> crosscheck-hover-cidr.png
//   3. Problems filtered on that pod's IP: its row, with the cause (two CNI plugins) -> crosscheck-problems.png
import { dontSave, filterProblems, quickOpen, recorder, retry, runCommand, waitUntil } from './workbench.mjs';

/**
 * @param {import('playwright-core').Page} page the VS Code workbench page
 * @param {{ artifacts: string }} ctx
 */
export async function run(page, { artifacts }) {
  const { screenshots, shot, step } = recorder(page, artifacts);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await step('start from an empty editor area', async () => {
    await runCommand(page, 'View: Close All Editor Groups');
    // The extension-host suites may leave pasted untitled documents: do not save them.
    await dontSave(page);
    await page.waitForTimeout(500);
  });

  /** Bring line `n` to the middle of the editor (the Problems panel may be open and the editor short). */
  const reveal = async (n) => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    // Quick Open's `:N` goes to line N of the active editor and centres it.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`:${n}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
  };

  /** Hover the first line holding `text` until a hover holding `want` shows; returns the hover's text. */
  const hoverLine = async (text, want, x = 120) => {
    const line = page.locator('.editor-instance .view-line', { hasText: text }).first();
    await line.waitFor({ state: 'visible', timeout: 10_000 });
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: want });
    await retry(`the hover of the ${text} row`, 5, async (attempt) => {
      await page.mouse.move(5, 5);
      const box = await line.boundingBox();
      if (!box) throw new Error('the line has no box');
      await page.mouse.move(box.x + x + attempt * 30, box.y + box.height / 2, { steps: 4 });
      await hover.first().waitFor({ state: 'visible', timeout: 4_000 });
    });
    return hover.first().innerText();
  };

  await step('hover a flannel row: two CNI plugins on its node', async () => {
    await quickOpen(page, 'kubespray-cni-rerun/kubectl-get.txt');
    await page.locator('.editor-instance .view-line [class*="ced-"]').first().waitFor({ state: 'attached', timeout: 20_000 });
    await reveal(36);
    const text = await hoverLine('kube-flannel-ds-amd64-q9w2f', 'multiple-cni-plugins');
    if (!text.includes('two CNI plugins on ip-10-20-3-44.us-west-2.compute.internal: Calico, Flannel'))
      throw new Error(`the hover does not name the node and both plugins: ${text.slice(0, 600)}`);
    await page.waitForTimeout(400);
    await shot('crosscheck-hover-cni.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  });

  await step("hover a pod with an IP outside its node's podCIDR", async () => {
    // The pods of namespace qa are at the foot of the file: bring them to the middle.
    await reveal(42);
    const text = await hoverLine('scanner-5b9c7d6f8-tq2vw', 'pod-ip-outside-node-podcidr');
    if (!text.includes('10.233.97.16') || !text.includes('10.244.3.0/24'))
      throw new Error(`the hover lacks the pod IP or the node range: ${text.slice(0, 600)}`);
    await page.waitForTimeout(400);
    await shot('crosscheck-hover-cidr.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  });

  await step('Problems: the rows of the fact', async () => {
    // Other suites leave logs with these rows open too: filter on one pod's IP, few rows match.
    const { panel: problems, clear } = await filterProblems(page, 'has IP 10.233.97.16');
    await waitUntil(
      'the Problems row of the pod and its file',
      async () => {
        const t = await problems.innerText().catch(() => '');
        return t.includes('kubectl-get.txt') && t.includes('scanner-5b9c7d6f8-tq2vw has IP 10.233.97.16, outside ip-10-20-3-41');
      },
      15_000,
    );
    await page.waitForTimeout(500);
    await shot('crosscheck-problems.png');
    await clear();
  });
  console.log(`crossCheck screen: ${screenshots.length} screenshot(s)`);
  return { ok: true, screenshots };
}
