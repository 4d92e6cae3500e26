#!/usr/bin/env node
// `npm run demo`: runs the CLI on every bundled example incident (each folder of examples/ with an
// expected.json): prints the diagnosis and writes a postmortem draft to
// postmortems/<incident date>-<title>.md, outside examples/ so no draft is ever read as an incident.
// Anything else in examples/ (a postmortems/ folder saved there from the editor) is not an incident.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const examples = join(root, 'examples');
const only = process.argv[2];
let failed = 0;
let ran = 0;
for (const name of readdirSync(examples).sort()) {
  const dir = join(examples, name);
  if (!statSync(dir).isDirectory() || (only && only !== name)) continue;
  if (!existsSync(join(dir, 'expected.json'))) {
    console.log(`\n(skipping examples/${name}: not an example incident, it has no expected.json)`);
    continue;
  }
  ran++;
  const story = existsSync(join(dir, 'README.md'))
    ? readFileSync(join(dir, 'README.md'), 'utf8')
        .split('\n')
        .find((l) => l.trim() && !l.startsWith('#'))
    : '';
  console.log(`\n━━━ ${name} ━━━${story ? `\n${story.trim()}` : ''}\n`);
  const run = (args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status;
  const color = process.stdout.isTTY ? [] : ['--no-color'];
  if (run(['diagnose', join('examples', name), ...color]) !== 0) failed++;
  if (run(['postmortem', join('examples', name), '-o', 'postmortems/']) !== 0) failed++;
}
if (only && ran === 0) {
  console.error(`no example incident "${only}" in examples/`);
  failed++;
}
process.exitCode = failed ? 1 : 0;
