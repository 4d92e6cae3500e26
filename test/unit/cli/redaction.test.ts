import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leakIn, secretCorpus } from '../core/secretCorpus';
import { cli as runCliWith } from './runCli';

const cli = (args: string[]) => runCliWith(args, { isTTY: false });

describe('cli: redaction of every format', () => {
  const corpus = secretCorpus();
  const dir = mkdtempSync(join(tmpdir(), 'pml-secrets-'));
  const log = join(dir, 'node.journal.log');
  // Each secret inside a matched line and, on the next line, as an unmatched error line.
  writeFileSync(
    log,
    corpus
      .map((c, i) => {
        const t = `Nov 22 10:${String(Math.floor((4 * i) / 60) % 60).padStart(2, '0')}:${String((4 * i) % 60).padStart(2, '0')}`;
        const line = c.line.replace(/\n/g, ' ');
        return `${t} node-1 app[9]: write /var/lib/app: no space left on device; ${line}\n${t} node-2 app[9]: ${line}`;
      })
      .join('\n') + '\n',
  );

  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    it(`diagnose --format ${format}: no secret reaches stdout; --no-redact keeps them`, async () => {
      const r = await cli(['diagnose', log, '--format', format, '--max-occurrences', '0']);
      assert.equal(r.code, 0, r.err);
      const json = (s: string): string => JSON.stringify(s).slice(1, -1);
      const leaks = corpus.filter((c) => leakIn(r.out, c.secret) || leakIn(r.out, json(c.secret))).map((c) => c.form);
      assert.deepEqual(leaks, []);
      const raw = await cli(['diagnose', log, '--format', format, '--max-occurrences', '0', '--no-redact']);
      assert.ok(
        corpus.some((c) => raw.out.includes(c.secret) || raw.out.includes(json(c.secret))),
        'without redaction the secrets are there',
      );
    });
  }

  it('postmortem: the draft holds no secret and says how many it redacted', async () => {
    const out = join(dir, 'draft.md');
    const r = await cli(['postmortem', log, '-o', out]);
    assert.equal(r.code, 0, r.err);
    const md = readFileSync(out, 'utf8');
    assert.deepEqual(
      corpus.filter((c) => leakIn(md, c.secret)).map((c) => c.form),
      [],
    );
    assert.match(md, /_\d+ secrets? redacted from excerpts\._/);
  });
});
