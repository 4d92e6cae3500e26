#!/usr/bin/env node
// Runs the project inside a real VS Code (code-server 4.96.4 = VS Code 1.96.4) on loopback:
//   1. installs the built extension (and the test runner extension) into a fresh extensions dir,
//   2. starts code-server in its own process group (always killed at the end, whatever happens),
//   3. opens the workbench in Debian's Chromium via playwright-core, so that the extension host starts,
//   4. waits for the runner extension's result file (the mocha run of out/vscode-tests/index.js),
//   5. optionally runs screen-level Playwright scripts against the same page (--screen, repeatable),
//   6. saves screenshots and logs to test-artifacts/vscode/, prints a summary, exits 0 or 1.
// With --keep-open it leaves the server running and prints the URL (this is `npm start`).
// How it works and why: docs/testing-in-vscode.md.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CODE_SERVER_VERSION = '4.96.4'; // = VS Code 1.96.4; keep in step with scripts/vscode/install-code-server.sh
const VSCODE_VERSION = '1.96.4';
const usage = `Usage: node test/vscode/run-in-vscode.mjs [options]
  --workspace DIR     folder to open (default examples/; copied to a temp dir unless --in-place or --keep-open)
  --entry FILE        test entry exporting run() (default out/vscode-tests/index.js; "none" to skip)
  --screen FILE       Playwright script exporting run(page, {artifacts}) to run against the page
                      (repeatable: the scripts run one after the other on the same page)
  --grep TEXT         only the extension-host tests whose full title matches
  --timeout SECONDS   how long to wait for the tests and for the screen script (default 120)
  --keep-open         keep code-server running, print the URL, wait for Ctrl-C (no tests unless --entry)
  --in-place          open the workspace itself instead of a temp copy
  --port N            port on 127.0.0.1 (default: a free one)
  --code-server DIR   code-server install (default .vscode-test/code-server; installed when missing)
  --chromium PATH     browser (default $CHROMIUM_PATH or /usr/bin/chromium)
  --artifacts DIR     screenshots and logs, emptied first (default test-artifacts/vscode,
                      with --keep-open test-artifacts/vscode-keep-open)`;

let opt;
try {
  ({ values: opt } = parseArgs({
    options: {
      workspace: { type: 'string' },
      entry: { type: 'string' },
      screen: { type: 'string', multiple: true },
      grep: { type: 'string' },
      timeout: { type: 'string', default: '120' },
      'keep-open': { type: 'boolean', default: false },
      'in-place': { type: 'boolean', default: false },
      port: { type: 'string' },
      'code-server': { type: 'string' },
      chromium: { type: 'string' },
      artifacts: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (opt.help) {
  console.log(usage);
  process.exit(0);
}

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (msg) => console.log(`[vscode ${secs().padStart(5)}s] ${msg}`);
const keepOpen = opt['keep-open'];
const timeoutMs = Number(opt.timeout) * 1000;
if (!(timeoutMs > 0)) {
  console.error(`bad --timeout ${opt.timeout}`);
  process.exit(2);
}
const entry = opt.entry === 'none' ? undefined : opt.entry ? resolve(opt.entry) : keepOpen ? undefined : join(root, 'out/vscode-tests/index.js');
const screens = (opt.screen ?? []).map((f) => resolve(f));
const workspaceSrc = resolve(opt.workspace ?? join(root, 'examples'));
const codeServerDir = resolve(opt['code-server'] ?? join(root, '.vscode-test/code-server'));
const chromiumPath = opt.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = resolve(opt.artifacts ?? join(root, keepOpen ? 'test-artifacts/vscode-keep-open' : 'test-artifacts/vscode'));

for (const [what, file] of [['--entry', entry], ...screens.map((f) => ['--screen', f]), ['--workspace', workspaceSrc]]) {
  if (file && !existsSync(file)) {
    console.error(`${what} ${file} does not exist${what === '--entry' ? ' (build it: node scripts/vscode/build-tests.mjs)' : ''}`);
    process.exit(2);
  }
}
const needBrowser = Boolean(entry || screens.length);
if (needBrowser && !existsSync(chromiumPath)) {
  console.error(
    `no browser at ${chromiumPath}${opt.chromium ? ' (--chromium)' : process.env.CHROMIUM_PATH ? ' ($CHROMIUM_PATH)' : ''}: ` +
      "install Debian's Chromium (as root: apt-get install -y chromium; `npm test` does it when run as root), " +
      'or point CHROMIUM_PATH (or --chromium) at a Chromium or Chrome binary',
  );
  process.exit(2);
}

if (opt.port) {
  const want = Number(opt.port);
  if (!Number.isInteger(want) || want < 1 || want > 65535) {
    console.error(`--port needs a port number (1-65535), got ${opt.port}`);
    process.exit(2);
  }
  if (
    !(await freePort(want).then(
      () => true,
      () => false,
    ))
  ) {
    console.error(`port ${want} on 127.0.0.1 is in use: pass another (npm start -- --port ${want + 1}), or none for a free one`);
    process.exit(2);
  }
}

// --- code-server, installed on first use -------------------------------------------------------
if (!existsSync(join(codeServerDir, `.installed-${CODE_SERVER_VERSION}`))) {
  log(`code-server ${CODE_SERVER_VERSION} not installed in ${codeServerDir}: installing (about 1.5 min, once)`);
  const r = spawnSync('bash', [join(root, 'scripts/vscode/install-code-server.sh'), codeServerDir], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
const entryJs = join(codeServerDir, 'node_modules/code-server/out/node/entry.js');

// --- scratch: extensions, user data, workspace copy, result file ----------------------------------
const scratch = mkdtempSync(join(tmpdir(), 'postmortem-lens-vscode-'));
const extDir = join(scratch, 'extensions');
const userDir = join(scratch, 'user');
const resultFile = join(scratch, 'result.json');
mkdirSync(join(userDir, 'User'), { recursive: true });
writeFileSync(
  join(userDir, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none', // otherwise a welcome page covers the editor
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
    },
    null,
    2,
  ),
);
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

// The extension as it ships: the folder a vsix would unpack to, named publisher.name-version.
// A fresh extensions dir has no extensions.json, so every folder in it loads (once that file exists,
// only the extensions it lists load: never mix in `--install-extension` here without listing these).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extId = `${pkg.publisher}.${pkg.name}`;
const extFolder = join(extDir, `${extId}-${pkg.version}`);
mkdirSync(extFolder, { recursive: true });
for (const item of ['package.json', 'dist', 'patterns', 'grammars/textmate', 'media', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
  if (existsSync(join(root, item))) cpSync(join(root, item), join(extFolder, item), { recursive: true, dereference: true });
}
const mainFile = pkg.main && join(root, pkg.main);
if (mainFile && !existsSync(mainFile)) {
  log(`warning: ${relative(root, mainFile)} is missing (npm run build): the extension is listed but cannot activate`);
}
if (entry) cpSync(join(root, 'test/vscode/runner-extension'), join(extDir, 'postmortem-lens-tests.test-runner-0.0.1'), { recursive: true });

let workspace = workspaceSrc;
if (!keepOpen && !opt['in-place']) {
  workspace = join(scratch, 'workspace', basename(workspaceSrc)); // tests may write into it
  cpSync(workspaceSrc, workspace, { recursive: true });
}

// --- start code-server in its own process group ----------------------------------------------------
const port = opt.port ? Number(opt.port) : await freePort();
const serverLog = join(artifacts, 'code-server.log');
const serverOut = openSync(serverLog, 'w');
const server = spawn(
  process.execPath,
  [
    entryJs,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--extensions-dir',
    extDir,
    '--user-data-dir',
    userDir,
    workspace,
  ],
  {
    detached: true, // own process group: its extension host and file watcher end with it
    stdio: ['ignore', serverOut, serverOut],
    env: {
      ...process.env,
      // The extension host inherits these.
      VSCODE_TEST_ENTRY: entry ?? '',
      VSCODE_TEST_RESULT: entry ? resultFile : '',
      VSCODE_TEST_GREP: opt.grep ?? '',
      // The extension registers its postmortemLens.test.* state hooks only for the extension-host tests.
      POSTMORTEM_LENS_TEST_HOOKS: entry ? '1' : '',
      // code-server writes a default config.yaml and logs under the XDG dirs: keep them out of $HOME.
      XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
      XDG_DATA_HOME: join(scratch, 'xdg-data'),
    },
  },
);
closeSync(serverOut);
let serverExited = false;
server.on('exit', () => {
  serverExited = true;
});

let browser;
let cleaned = false;
/** Ends everything this script started. Safe to call more than once. */
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await browser?.close().catch(() => {});
  killGroup('SIGTERM');
  for (let i = 0; i < 30 && !serverExited; i++) await sleep(100);
  killGroup('SIGKILL'); // whatever of the group is left (extension host, watcher)
  rmSync(scratch, { recursive: true, force: true });
}
function killGroup(signal) {
  try {
    process.kill(-server.pid, signal);
  } catch {
    /* group already gone */
  }
}
// Last resort on any exit path (uncaught error, process.exit): never leave the group behind.
process.on('exit', () => killGroup('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    log(`${sig}: stopping code-server`);
    await cleanup();
    process.exit(keepOpen ? 0 : 130);
  });
}
// A hard stop well beyond every individual wait, in case something hangs where no timeout reaches.
if (!keepOpen) {
  setTimeout(
    async () => {
      log('hard timeout: giving up');
      await cleanup();
      process.exit(1);
    },
    2 * timeoutMs + 120_000,
  ).unref();
}

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
let exitCode;
const summary = [];
const consoleLines = []; // promises of formatted browser console messages
try {
  await waitForServer(port, Math.min(timeoutMs, 60_000));
  log(`code-server ${CODE_SERVER_VERSION} up at ${url}`);

  if (needBrowser) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => consoleLines.push(formatConsole(m)));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.stack ?? e}`));
    await page.goto(url);
    log('workbench page opened in Chromium');

    let ok = true;
    if (entry) {
      const result = await waitForResult(resultFile, timeoutMs);
      log(result.tests?.length ? 'extension-host tests finished' : 'extension-host run ended');
      ok = printResult(result) && ok;
    }
    await page
      .locator('.monaco-workbench')
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch(() => {});
    await page.screenshot({ path: join(artifacts, 'workbench.png') });

    for (const screen of screens) {
      const rel = relative(root, screen);
      const started = Date.now();
      const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
      // One script: screen-failure.png, as always; several: one picture per failing script.
      const failureShot = screens.length === 1 ? 'screen-failure.png' : `screen-failure-${basename(screen).replace(/\.m?js$/, '')}.png`;
      try {
        const mod = await import(pathToFileURL(screen).href);
        const r = await withTimeout(mod.run(page, { artifacts, url, workspace }), timeoutMs, `${rel} timed out`);
        const screenOk = Boolean(r && r.ok);
        summary.push(`screen ${rel}: ${screenOk ? 'ok' : `FAILED ${r?.error ?? ''}`} (${took()})`);
        ok = screenOk && ok;
      } catch (err) {
        summary.push(`screen ${rel}: FAILED ${err?.stack ?? err} (${took()})`);
        await page.screenshot({ path: join(artifacts, failureShot) }).catch(() => {});
        ok = false;
      }
    }
    exitCode = ok ? 0 : 1;
  } else {
    exitCode = 0;
  }
} catch (err) {
  summary.push(`error: ${err?.stack ?? err}`);
  exitCode = 1;
}

if (consoleLines.length) {
  const lines = await withTimeout(Promise.all(consoleLines), 5000, 'console').catch(() => []);
  writeFileSync(join(artifacts, 'browser-console.log'), lines.join('\n') + '\n');
  // What the extension host printed (console.log of extensions and of the mocha spec reporter).
  const exthost = lines.filter((l) => l.includes('[Extension Host]')).map((l) => l.replace(/^\[\w+\] \[Extension Host\] ?/, '').replace(/^%$/, ''));
  writeFileSync(join(artifacts, 'exthost-console.log'), exthost.join('\n') + '\n');
}
if (exitCode !== 0) {
  // The server's own logs (extension host, exthost output channels) explain most failures.
  if (existsSync(join(userDir, 'logs'))) cpSync(join(userDir, 'logs'), join(artifacts, 'vscode-logs'), { recursive: true });
  const tail = readFileSync(serverLog, 'utf8').trim().split('\n').slice(-15).join('\n');
  summary.push(`code-server log (tail):\n${tail.replace(/^/gm, '    ')}`);
}
for (const line of summary) console.log(line);
console.log(`artifacts: ${relative(process.cwd(), artifacts) || '.'}/`);

if (keepOpen && exitCode === 0) {
  console.log(`\nVS Code ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) with ${extId} ${pkg.version}, workspace ${workspace}`);
  console.log(`open: ${url}`);
  console.log('(bound to 127.0.0.1: from another machine, forward the port, e.g. ssh -L ' + `${port}:127.0.0.1:${port})`);
  console.log('Ctrl-C stops it.');
  await browser?.close().catch(() => {});
  browser = undefined;
  await new Promise(() => {}); // the signal handlers clean up
}
await cleanup();
console.log(exitCode === 0 ? `PASS (${secs()} s)` : `FAIL (${secs()} s)`);
process.exit(exitCode);

// --- helpers -----------------------------------------------------------------------------------
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** A free port on loopback (`want`: that one, rejecting when it is taken). */
function freePort(want = 0) {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(want, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => res(p));
    });
  });
}

async function waitForServer(p, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (serverExited) throw new Error(`code-server exited during startup (see ${serverLog})`);
    try {
      const r = await fetch(`http://127.0.0.1:${p}/healthz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer within ${ms / 1000} s (see ${serverLog})`);
}

async function waitForResult(file, ms) {
  const until = Date.now() + ms;
  while (!existsSync(file)) {
    if (serverExited) return { ok: false, error: 'code-server exited before the tests finished' };
    if (Date.now() > until) {
      return {
        ok: false,
        error: `no result after ${ms / 1000} s: the runner extension did not finish (is ${relative(root, entry)} built? see vscode-logs/ in the artifacts)`,
      };
    }
    await sleep(200);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function printResult(r) {
  writeFileSync(join(artifacts, 'result.json'), JSON.stringify(r, null, 2));
  for (const t of r.tests ?? []) {
    console.log(`  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title}${t.durationMs != null ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error)
      console.log(
        t.error
          .split('\n')
          .slice(0, 12)
          .map((l) => `         ${l}`)
          .join('\n'),
      );
  }
  summary.push(`extension-host tests: ${r.passed ?? 0} passed, ${r.failed ?? 0} failed${r.ok ? '' : ` - ${r.error?.split('\n').slice(0, 6).join('\n')}`}`);
  return Boolean(r.ok);
}

/** A browser console message as text: applies the %s/%d/%o/%c format (VS Code styles its logs with %c). */
async function formatConsole(m) {
  const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?')));
  if (args.length === 0) return `[${m.type()}] ${m.text()}`;
  let rest = args.slice(1);
  let text =
    typeof args[0] === 'string'
      ? args[0].replace(/%[sdifoOjc%]/g, (spec) => {
          if (spec === '%%') return '%';
          if (rest.length === 0) return spec;
          const v = rest.shift();
          return spec === '%c' ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        })
      : JSON.stringify(args[0]);
  if (rest.length) text += ' ' + rest.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ');
  return `[${m.type()}] ${text.trimEnd()}`;
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
