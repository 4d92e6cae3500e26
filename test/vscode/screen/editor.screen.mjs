// Screen-level check of the editor features and the two webviews, run by test/vscode/run-in-vscode.mjs
// (--screen) against the page it opened, after the extension-host suites. What a user does:
//   1. Quick Open (Ctrl+P) dind-evicted-nodefs/kubelet.journal.log: the findings are decorated -> editor-decorations.png
//   2. hover a decorated line: the explanation appears                                -> editor-hover.png
//   3. F1 "Postmortem Lens: Diagnose" on the active document: the Diagnosis view       -> diagnosis-view.png
//   4. F1 "Postmortem Lens: Browse Signature Catalogue", search "conntrack", open it   -> catalogue-page.png
//   5. paste a console with script elements (one in a file name) into an untitled file, hover it and diagnose it: the
//      markup shows as text, no script element appears, no dialog opens              -> untitled-hover.png, diagnosis-xss.png
// Webviews are iframes (an outer host frame and an inner content frame): we look for the frame whose
// document holds the page's own elements (#root-causes, #search).
import { dontSave, editorText, findFrame, paste, pick, recorder, retry, runCommand, waitUntil } from './workbench.mjs';

const JOURNAL = { folder: 'dind-evicted-nodefs', name: 'kubelet.journal.log' };
const GC_TITLE = 'Kubelet image garbage collection failed';
const XSS = '<script>alert(1)</script>';
/** A file name holding a script element that a path capture takes whole (no parentheses, which end a path). */
const SCRIPT_PATH = '<script>alert.1</script>';
const PASTED = [
  'Started by user admin',
  '[Pipeline] { (build)',
  `+ echo '${XSS}'`,
  XSS,
  `write /var/lib/docker/tmp/${SCRIPT_PATH}: no space left on device`,
  'ERROR: script returned exit code 1',
  'Finished: FAILURE',
].join('\n');

/**
 * @param {import('playwright-core').Page} page the VS Code workbench page
 * @param {{ artifacts: string, url: string }} ctx
 * @returns {Promise<{ ok: boolean, error?: string, screenshots: string[] }>}
 */
export async function run(page, { artifacts, url }) {
  const { screenshots, shot, step } = recorder(page, artifacts);
  const dialogs = [];
  const onDialog = (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  };
  page.on('dialog', onDialog); // fires for alert()/confirm() in any frame of the page
  const t0 = Date.now();

  try {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });

    await step('start from an empty editor area', async () => {
      await runCommand(page, 'View: Close All Editor Groups');
      await dontSave(page);
      await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
    });

    await step('Quick Open kubelet.journal.log, decorations appear', async () => {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type(`${JOURNAL.folder}/${JOURNAL.name}`);
      // Results arrive asynchronously (file search); the first row must be the dind incident's journal.
      const first = page.locator('.quick-input-widget .monaco-list-row').first();
      await waitUntil(
        'the journal as the first Quick Open result',
        async () => {
          const t = await first.innerText({ timeout: 1000 }).catch(() => '');
          return t.includes(JOURNAL.name) && t.includes(JOURNAL.folder);
        },
        15_000,
      );
      await page.keyboard.press('Enter');
      await page.locator('.tab.active .label-name', { hasText: JOURNAL.name }).waitFor({ timeout: 10_000 });
      const decorated = page.locator('.editor-instance .view-line [class*="ced-"]');
      // Whole-line tints sit in .view-overlays; in the line itself the label is an empty span whose
      // ::after draws the title, so it is attached rather than "visible" to Playwright.
      await decorated.first().waitFor({ state: 'attached', timeout: 15_000 });
      // The label after a matched line carries the signature's title (an ::after pseudo-element).
      await waitUntil(
        'a decorated line labelled with the title',
        () =>
          page.evaluate(
            (title) =>
              [...document.querySelectorAll('.editor-instance .view-line [class*="ced-"]')].some(
                (e) => (getComputedStyle(e, '::after').content || '').includes(title) || (getComputedStyle(e, '::before').content || '').includes(title),
              ),
            GC_TITLE,
          ),
        10_000,
      );
      await page
        .locator('.margin-view-overlays [class*="cgmr"], .margin-view-overlays .codicon, .margin-view-overlays [class*="ced-"]')
        .first()
        .waitFor({ state: 'attached', timeout: 5_000 })
        .catch(() => {
          /* gutter icons: reported from the screenshot */
        });
      await page.waitForTimeout(300); // let the tokenizer and decorations settle for the picture
      await shot('editor-decorations.png');
      console.log(`  decorated spans in view: ${await decorated.count()}`);
    });

    await step('hover a decorated line', async () => {
      const line = page.locator('.editor-instance .view-line', { hasText: 'RemoveImage' }).first();
      await line.waitFor({ state: 'visible', timeout: 10_000 });
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: GC_TITLE });
      await retry('the hover to show the signature', 4, async (attempt) => {
        await page.mouse.move(5, 5);
        const box = await line.boundingBox();
        if (!box) throw new Error('the line has no box');
        await page.mouse.move(box.x + 120 + attempt * 40, box.y + box.height / 2, { steps: 4 });
        await hover.first().waitFor({ state: 'visible', timeout: 4_000 });
      });
      const text = await hover.first().innerText();
      for (const want of ['Check next', 'Open in catalogue', 'Diagnose', 'Generate postmortem']) {
        if (!text.includes(want)) throw new Error(`the hover lacks "${want}": ${text.slice(0, 300)}`);
      }
      await page.waitForTimeout(400); // the hover fades in
      await shot('editor-hover.png');
      // The rest of the explanation (captured values, next checks, links): scroll inside the hover.
      const hb = await hover.first().boundingBox();
      if (hb) {
        await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height - 20, { steps: 3 });
        await page.mouse.wheel(0, 400);
        await page.waitForTimeout(300);
        if (await hover.first().isVisible()) await shot('editor-hover-scrolled.png');
      }
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    });

    await step('Diagnose the active document: the Diagnosis view', async () => {
      await page.locator('.editor-instance .view-line').first().click(); // the journal's editor has focus
      await runCommand(page, 'Postmortem Lens: Diagnose');
      await pick(page, 'Active document');
      const frame = await findFrame(
        page,
        'the Diagnosis view',
        async (f) =>
          (await f.locator('#root-causes li.root-cause.top').count()) > 0 &&
          (
            await f
              .locator('.summary')
              .innerText({ timeout: 500 })
              .catch(() => '')
          ).includes('1 input'),
      );
      const top = frame.locator('#root-causes li.root-cause.top .rc-head strong').first();
      await top.waitFor({ state: 'visible', timeout: 10_000 });
      const title = (await top.innerText()).trim();
      if (title !== GC_TITLE) throw new Error(`top root cause is "${title}", expected "${GC_TITLE}"`);
      await page.locator('.tab .label-name', { hasText: 'Postmortem Lens: Diagnosis' }).first().waitFor({ timeout: 5_000 });
      await page.mouse.move(700, 880); // no tooltip (breadcrumbs) over the picture
      await page.waitForTimeout(500);
      await shot('diagnosis-view.png');
    });

    await step('Browse the catalogue, search "conntrack", open the signature', async () => {
      await runCommand(page, 'Postmortem Lens: Browse Signature Catalogue');
      const frame = await findFrame(
        page,
        'the catalogue page',
        async (f) => (await f.locator('#search').count()) > 0 && (await f.locator('#results button.result').count()) > 0,
      );
      await frame.locator('#search').click();
      await page.keyboard.type('conntrack');
      const result = frame.locator('#results button.result[data-id="conntrack-table-full"]');
      await waitUntil(
        'results for "conntrack"',
        async () =>
          /match “conntrack”/.test(
            await frame
              .locator('nav.sidebar [role="status"]')
              .first()
              .innerText()
              .catch(() => ''),
          ),
        10_000,
      );
      await result.waitFor({ state: 'visible', timeout: 10_000 });
      await result.click();
      const title = frame.locator('#sig-title');
      await waitUntil('the conntrack page', async () => /conntrack/i.test(await title.innerText({ timeout: 500 }).catch(() => '')), 10_000);
      await page.waitForTimeout(300);
      await shot('catalogue-page.png');
    });

    await step('paste HTML-like log text into an untitled file', async () => {
      await runCommand(page, 'View: Close All Editor Groups');
      await dontSave(page);
      await runCommand(page, 'File: New Untitled Text File');
      await page.locator('.tab.active .label-name', { hasText: /^Untitled-\d+/ }).waitFor({ timeout: 10_000 });
      // The untitled editor shows a hint ("Select a language...") until text arrives; it has focus.
      await page.locator('.editor-instance textarea.inputarea, .editor-instance .native-edit-context').first().waitFor({ state: 'attached', timeout: 10_000 });
      await paste(page, url, PASTED, 'no space left on device');
      await waitUntil('the pasted text in the editor', async () => (await editorText(page)).includes(`tmp/${SCRIPT_PATH}: no space left`), 10_000);
    });

    await step('hover the pasted no-space line: HTML shown as text', async () => {
      const line = page.locator('.editor-instance .view-line', { hasText: 'no space left on device' }).first();
      await line.locator('[class*="ced-"]').first().waitFor({ state: 'attached', timeout: 15_000 }); // analysed and decorated
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'No space left on device' });
      await retry('the hover on the pasted line', 4, async (attempt) => {
        await page.mouse.move(5, 5);
        const box = await line.boundingBox();
        if (!box) throw new Error('the line has no box');
        await page.mouse.move(box.x + 40 + attempt * 20, box.y + box.height / 2, { steps: 4 });
        await hover.first().waitFor({ state: 'visible', timeout: 4_000 });
      });
      const scripts = await page.locator('.monaco-hover script').count();
      if (scripts) throw new Error(`${scripts} script element(s) in the hover`);
      // The captured path is shown as the log has it, inside code, without escape backslashes.
      const captured = (await hover.first().locator('code', { hasText: 'script>' }).allInnerTexts()).map((t) => t.trim());
      if (!captured.includes(`/var/lib/docker/tmp/${SCRIPT_PATH}`)) throw new Error(`captured path shown as ${JSON.stringify(captured)}`);
      await page.waitForTimeout(400); // the hover fades in
      await shot('untitled-hover.png');
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    });

    await step('Diagnose the pasted text: markup stays text in the Diagnosis view', async () => {
      await page.locator('.editor-instance .view-line').first().click();
      await runCommand(page, 'Postmortem Lens: Diagnose');
      await pick(page, 'Active document');
      const frame = await findFrame(
        page,
        'the Diagnosis view of the pasted text',
        async (f) => (await f.locator('#finding-no-space-left-on-device').count()) > 0,
      );
      // The literal text is on the page, visible, as text.
      const literal = frame.getByText(SCRIPT_PATH, { exact: false }).first();
      await literal.waitFor({ state: 'visible', timeout: 10_000 });
      const dom = await frame.evaluate((xss) => {
        const roots = [document];
        const scripts = [];
        for (let i = 0; i < roots.length; i++) {
          for (const el of roots[i].querySelectorAll('*')) {
            if (el.shadowRoot) roots.push(el.shadowRoot);
            if (el.localName === 'script') scripts.push({ src: el.getAttribute('src') ?? '', text: el.textContent ?? '' });
          }
        }
        return { hasText: document.body.textContent.includes(xss), inHtml: document.body.innerHTML.includes(xss), scripts };
      }, SCRIPT_PATH);
      if (!dom.hasText) throw new Error('the literal <script> text is not in the page');
      if (dom.inHtml) throw new Error(`the page holds ${SCRIPT_PATH} as markup`);
      // Allowed: the page's own bundle (src) and VS Code's inline acquireVsCodeApi shim.
      const bad = dom.scripts.filter((s) => s.text.includes('alert') || (!s.src && !s.text.includes('globalThis.acquireVsCodeApi =')));
      if (bad.length) throw new Error(`script elements beyond the page's own: ${JSON.stringify(bad)}`);
      // No frame of the workbench (hover, editor, webviews) grew such a script element.
      for (const f of page.frames()) {
        const n = await f.evaluate(() => [...document.querySelectorAll('script')].filter((s) => /alert[.(]1/.test(s.textContent ?? '')).length).catch(() => 0);
        if (n) throw new Error(`a script element with alert in frame ${f.url()}`);
      }
      await page.waitForTimeout(1000); // give a would-be alert() its chance
      if (dialogs.length) throw new Error(`a dialog opened: ${dialogs.join('; ')}`);
      await frame
        .locator('#finding-no-space-left-on-device')
        .scrollIntoViewIfNeeded()
        .catch(() => {});
      await shot('diagnosis-xss.png');
    });

    if (dialogs.length) throw new Error(`a dialog opened: ${dialogs.join('; ')}`);
    console.log(`editor screen: ${screenshots.length} screenshot(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { ok: true, screenshots };
  } finally {
    page.off('dialog', onDialog);
  }
}
