// Renders media/icon.svg to media/icon.png (128x128, transparent corners) with headless Chromium.
// Run by hand after editing the SVG: node scripts/makeIcon.mjs [path-to-chromium]
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromium = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const svg = pathToFileURL(`${root}media/icon.svg`).href;
const r = spawnSync(
  chromium,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    '--default-background-color=00000000',
    '--window-size=128,128',
    `--screenshot=${root}media/icon.png`,
    svg,
  ],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
