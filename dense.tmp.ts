import * as NEW from './src/core';
import * as OLD from '/work/main/src/core';
import { builtinCatalogueDir, catalogueFiles } from './src/node/loadCatalogue';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
const forms = YAML.parse(readFileSync('test/fixtures/secrets/forms.yaml', 'utf8'));
const secretLines: string[] = forms.flatMap((f: any) => f.lines.map((l: any) => l.line.replace(/\n/g, ' ')));
const words = ['connection reset by peer', 'failed to sync pod', 'timed out waiting for lock', 'could not resolve host', 'unexpected EOF', 'permission denied', 'context deadline exceeded'];
function dense(n: number, secretEvery: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = i % 86400;
    const ts = `Nov 22 ${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    out.push(secretEvery && i % secretEvery === 0 ? `${ts} node-${i % 7} app[${i % 999}]: ${secretLines[i % secretLines.length]}` : `${ts} node-${i % 7} app[${i % 999}]: E1122 request ${i} to 10.0.${i % 255}.${i % 7}:8443 error: ${words[i % words.length]} after ${i % 97}ms (pod web-${(i * 7919) % 100000}-x${i % 13})`);
  }
  return out.join('\n');
}
const catN = new NEW.Catalogue(catalogueFiles(builtinCatalogueDir(), true));
const catO = new OLD.Catalogue(catalogueFiles(builtinCatalogueDir(), true) as any);
for (const [name, text] of [['dense errors, no secrets', dense(200_000, 0)], ['dense errors, 1 in 10 with a secret', dense(200_000, 10)]] as const) {
  for (const [label, lib, cat] of [['main', OLD, catO], ['wt-secrets', NEW, catN], ['main', OLD, catO], ['wt-secrets', NEW, catN]] as const) {
    const t = performance.now();
    const d = (lib as any).diagnoseTexts(cat, [{ name: 'dense.journal', text }], { defaultYear: 2026 });
    const ms = performance.now() - t;
    console.log(`${name} (${(text.length / 2 ** 20).toFixed(1)} MiB): ${label} ${ms.toFixed(0)} ms, ${(text.length / 2 ** 20 / (ms / 1000)).toFixed(1)} MiB/s; ${d.unknownErrorTotals.lines} unmatched lines in ${d.unknownErrorTotals.clusters} templates`);
  }
}
