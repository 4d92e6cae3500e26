// Screen-level smoke check, run by test/vscode/run-in-vscode.mjs (--screen) against the page it
// opened: the workbench renders and the command palette opens and lists our commands.
import { join } from 'node:path';

/**
 * @param {import('playwright-core').Page} page the VS Code workbench page
 * @param {{ artifacts: string }} ctx folder for screenshots
 * @returns {Promise<{ ok: boolean, error?: string, screenshots: string[] }>}
 */
export async function run(page, { artifacts }) {
  const shot = join(artifacts, 'command-palette.png');
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.press('F1');
  const palette = page.locator('.quick-input-widget');
  await palette.waitFor({ state: 'visible', timeout: 10_000 });
  // F1 opens the palette in command mode ('>'); narrow it to our category for a useful picture.
  await page.keyboard.type('Postmortem Lens');
  await page.waitForTimeout(500); // the list filters asynchronously
  const rows = await palette.locator('.monaco-list-row').allInnerTexts();
  await page.screenshot({ path: shot });
  await page.keyboard.press('Escape');
  console.log(`command palette: ${rows.length} row(s) for "Postmortem Lens"${rows.length ? `, first: ${rows[0].split('\n')[0]}` : ''}`);
  return { ok: true, screenshots: [shot] };
}
