// Redaction speed: `node bench/redaction.mjs` after `npm run build` (reads dist/core.js).
// Measures redactText on the example incidents' lines, on dense lines full of secrets (the test
// corpus) and on hostile lines (10 KB against 1 MB), and, when @secretlint/core and its
// recommended preset can be loaded (they come with @vscode/vsce), the same for secretlint.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const { redactText } = require('../dist/core.js');

const files = [];
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(log|txt)$/.test(n)) files.push(p);
  }
};
walk('examples');
const exampleLines = files
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n')
  .split('\n');
const corpus = ['forms.yaml', 'heldout.yaml'].flatMap((f) => YAML.parse(readFileSync(join('test/fixtures/secrets', f), 'utf8')).flatMap((x) => x.lines));
const denseLines = corpus.map((c) => c.line);

const mib = (lines) => lines.reduce((n, l) => n + l.length + 1, 0) / 2 ** 20;
async function perLine(name, lines, fn, minMs = 1500) {
  for (const l of lines.slice(0, 200)) await fn(l);
  let reps = 0;
  const t = performance.now();
  while (performance.now() - t < minMs) {
    for (const l of lines) await fn(l);
    reps++;
  }
  const ms = performance.now() - t;
  console.log(
    `| ${name} | ${(lines.length * reps).toLocaleString('en-US')} lines | ${((mib(lines) * reps) / (ms / 1000)).toFixed(1)} MiB/s | ${((ms * 1000) / (lines.length * reps)).toFixed(1)} µs/line |`,
  );
}

console.log('| what | lines | speed | per line |\n|---|---|---|---|');
await perLine('postmortem-lens redactText, example incidents', exampleLines, (l) => redactText(l));
await perLine('postmortem-lens redactText, secret corpus (every line a secret)', denseLines, (l) => redactText(l));

let secretlint;
try {
  const { lintSource } = await import('@secretlint/core');
  const { creator } = await import('@secretlint/secretlint-rule-preset-recommend');
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  secretlint = (content) => lintSource({ source: { filePath: '/x.log', content, ext: '.log', contentType: 'text' }, options: { config } });
} catch (e) {
  console.log(`\n(secretlint not loadable here: ${e.message.split('\n')[0]})`);
}
if (secretlint) {
  await perLine('secretlint, example incidents (one call a line)', exampleLines.slice(0, 3000), secretlint);
  await perLine('secretlint, secret corpus (one call a line)', denseLines, secretlint);
  const whole = exampleLines.join('\n').repeat(8);
  const t = performance.now();
  await secretlint(whole);
  const ms = performance.now() - t;
  console.log(
    `| secretlint, example incidents as one text | ${(whole.length / 2 ** 20).toFixed(1)} MiB | ${(whole.length / 2 ** 20 / (ms / 1000)).toFixed(1)} MiB/s | |`,
  );
  let found = 0;
  for (const c of corpus) {
    const r = await secretlint(c.line);
    const at = c.line.indexOf(c.secret);
    if (r.messages.some((m) => m.range[0] <= at + 2 && m.range[1] >= at + c.secret.length - 2)) found++;
  }
  const ours = corpus.filter((c) => !redactText(c.line).includes(c.secret)).length;
  console.log(`\nSecrets of the corpus found: postmortem-lens ${ours} of ${corpus.length}, secretlint recommended preset ${found} of ${corpus.length}.`);
  const marks = performance.getEntriesByType('mark').length;
  console.log(`Performance marks left by secretlint's profiler in this process: ${marks.toLocaleString('en-US')}.`);
}

console.log('\n| hostile line | 10 KB | 1 MB |\n|---|---|---|');
for (const unit of ['a-', 'password=', 'password="', 'eyJ', 'Cookie: a=b;', 'curl -u a:', '-----BEGIN RSA PRIVATE KEY-----']) {
  const small = unit.repeat(Math.ceil(1e4 / unit.length)),
    big = unit.repeat(Math.ceil(1e6 / unit.length));
  let t = performance.now();
  redactText(small);
  const a = performance.now() - t;
  t = performance.now();
  redactText(big);
  const b = performance.now() - t;
  console.log(`| \`${unit}\` repeated | ${a.toFixed(1)} ms | ${b.toFixed(0)} ms |`);
}
