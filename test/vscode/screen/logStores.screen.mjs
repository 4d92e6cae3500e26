// Log stores through the screen, against ClickHouse's HTTP interface in front of chDB, started here
// (test/unit/logstores/chdbHttp.ts, loaded through tsx) with two example incidents as two nodes' journals
// from 20 minutes ago:
//   1. F1 "Postmortem Lens: Diagnose from Log Store..." -> "Add connection..." (ClickHouse, name, URL,
//      table, user: written to postmortemLens.logStores), Last hour, the condition, the password
//      box: the Diagnosis view                                                            -> store-diagnosis.png
//   2. F1 "Postmortem Lens: Count Fleet in Log Store..." -> connection, node, Last hour: the Fleet
//      view's rows (no password asked again: it is in the secret storage)                 -> fleet-view.png
//   3. a row opened, a node clicked: that node's lines diagnosed                          -> fleet-drill.png
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { findFrame, pick, recorder, runCommand, waitUntil } from './workbench.mjs';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PASSWORD = 'screen-pw-71c3';
const INCIDENTS = ['dind-evicted-nodefs', 'kubespray-cni-rerun'];

/** Rows of the example incidents' files, each incident a node (host.name), from 20 minutes ago. */
async function exampleRows() {
  const { readdirSync, readFileSync } = await import('node:fs');
  const start = Date.now() - 20 * 60_000;
  const rows = [];
  for (const b of INCIDENTS) {
    for (const f of readdirSync(join(ROOT, 'examples', b))
      .sort()
      .filter((n) => !/^(README\.md|expected\.json)$/.test(n))) {
      const lines = readFileSync(join(ROOT, 'examples', b, f), 'utf8')
        .split('\n')
        .filter((l, i, a) => i < a.length - 1 || l !== '');
      lines.forEach((Body, i) =>
        rows.push({
          Timestamp: new Date(start + rows.length + i).toISOString().replace('T', ' ').replace('Z', ''),
          ServiceName: 'journal',
          Body,
          ResourceAttributes: { 'host.name': b },
        }),
      );
    }
  }
  return rows;
}

/**
 * @param {import('playwright-core').Page} page
 * @param {{ artifacts: string }} ctx
 */
export async function run(page, { artifacts }) {
  const { screenshots, shot, step } = recorder(page, artifacts);
  const { ChdbLogs } = await tsImport('../../unit/logstores/chdbTable.ts', import.meta.url);
  const { ChdbHttp } = await tsImport('../../unit/logstores/chdbHttp.ts', import.meta.url);
  const db = new ChdbLogs();
  let front;
  try {
    db.load(await exampleRows());
    front = await new ChdbHttp(db.session).start();
    front.login = `reader:${PASSWORD}`;

    await step('Diagnose from Log Store... through the palette: "Add connection..." writes the setting, the password asked once', async () => {
      const input = page.locator('.quick-input-widget .quick-input-box input');
      const answer = async (text) => {
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await page.waitForTimeout(200); // the next box replaces the last one's value
        await input.fill(text);
        await page.keyboard.press('Enter');
      };
      await runCommand(page, 'Postmortem Lens: Diagnose from Log Store...');
      await pick(page, 'Add connection...');
      await pick(page, 'ClickHouse');
      await answer('ch-screen');
      await answer(front.url);
      await answer('otel_logs');
      await pick(page, 'User and password');
      await answer('reader');
      await pick(page, 'Last hour');
      await answer("ServiceName = 'journal'");
      await waitUntil('the password box', async () => (await input.getAttribute('type')) === 'password', 10_000);
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      const frame = await findFrame(
        page,
        'the Diagnosis view of the store',
        async (f) =>
          (await f.locator('#root-causes li.root-cause.top').count()) > 0 &&
          (
            await f
              .locator('.summary')
              .innerText({ timeout: 500 })
              .catch(() => '')
          ).includes('2 inputs'),
        60_000,
      );
      await frame.locator('#root-causes li.root-cause.top').first().waitFor({ state: 'visible', timeout: 10_000 });
      if (!front.seen.length || front.seen.some((r) => !r.authorization && r.key !== PASSWORD)) throw new Error('a request without the password');
      await page.mouse.move(700, 880);
      await page.waitForTimeout(500);
      await shot('store-diagnosis.png');
    });

    await step('Count Fleet in Log Store...: the Fleet view, ranked rows', async () => {
      await runCommand(page, 'Postmortem Lens: Count Fleet in Log Store...');
      await pick(page, 'ch-screen');
      await pick(page, 'node');
      await pick(page, 'Last hour');
      // The condition (the connection has none: every row of the window); no password box this time.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: '(4/4)' }).waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Fleet' }) });
      const rows = pane.locator('.monaco-list-row[aria-level="1"]');
      // This count's rows (the view may still show an earlier count of the extension-host suites, per another group).
      await waitUntil(
        "the Fleet view's rows per node",
        async () => (await rows.count()) >= 3 && (await rows.allInnerTexts()).some((t) => /of 2 nodes/.test(t)),
        60_000,
      ).catch(async () => {
        throw new Error(`no row with a spread over nodes: ${(await rows.allInnerTexts()).join(' | ')}`);
      });
      await rows.first().click(); // opens the row onto its nodes
      await waitUntil('a node under the first row', async () => (await pane.locator('.monaco-list-row[aria-level="2"]').count()) > 0, 10_000);
      await page.mouse.move(700, 880);
      await page.waitForTimeout(500);
      await shot('fleet-view.png');
    });

    await step('a node clicked: its lines diagnosed', async () => {
      const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Fleet' }) });
      const node = pane.locator('.monaco-list-row[aria-level="2"]').first();
      const name = (await node.innerText()).split('\n')[0].trim();
      await node.click();
      await findFrame(
        page,
        `the Diagnosis view of ${name}`,
        async (f) =>
          (
            await f
              .locator('.summary')
              .innerText({ timeout: 500 })
              .catch(() => '')
          ).includes('1 input'),
        60_000,
      );
      await page.waitForTimeout(500);
      await shot('fleet-drill.png');
    });
    return { ok: true, screenshots };
  } finally {
    await front?.stop();
    db.close();
  }
}
