import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './runCli';

describe('cli: --max-occurrences', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pml-max-'));
  const log = join(dir, 'kubelet.log');
  // 1,500 ENOSPC lines: more than the default bound of 1,000.
  writeFileSync(
    log,
    Array.from(
      { length: 1500 },
      (_, i) =>
        `E0413 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/l${i}: no space left on device`,
    ).join('\n') + '\n',
  );

  it('keeps 1,000 by default and says so in JSON and text', async () => {
    const j = JSON.parse((await cli(['diagnose', log, '--format', 'json'])).out);
    const f = j.findings.find((x: { signatureId: string }) => x.signatureId === 'no-space-left-on-device');
    assert.equal(f.count, 1500);
    assert.equal(f.occurrencesShown, 1000);
    assert.equal(f.occurrences.length, 1000);
    assert.equal(f.occurrences[999].line, 1500, 'the last one is kept');
    assert.equal(f.occurrencesNote, '1,000 of 1,500 occurrences kept (the first 999 and the last)');
    const text = (await cli(['diagnose', log, '--no-color'])).out;
    assert.match(text, /1,000 of 1,500 occurrences kept \(the first 999 and the last\); --max-occurrences 0 keeps all/);
  });

  it('keeps all with 0, and refuses a bound it cannot honour', async () => {
    const j = JSON.parse((await cli(['diagnose', log, '--format', 'json', '--max-occurrences', '0'])).out);
    const f = j.findings.find((x: { signatureId: string }) => x.signatureId === 'no-space-left-on-device');
    assert.equal(f.occurrencesShown, 1500);
    assert.equal(f.occurrencesNote, undefined);
    const bad = await cli(['diagnose', log, '--max-occurrences', '1']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--max-occurrences needs 0 \(keep all\) or a count of at least 2, got "1"/);
  });
});
