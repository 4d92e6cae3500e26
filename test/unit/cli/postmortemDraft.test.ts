import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DRAFT_MARKER } from '../../../src/core';
import { cli as runCliWith } from './runCli';

const cli = (args: string[]) => runCliWith(args, { now: new Date('2026-12-06T21:00:00Z') });

describe('cli: postmortem drafts are never read back as logs', () => {
  const root = mkdtempSync(join(tmpdir(), 'pml-draft-'));
  const incident = join(root, 'incident');
  cpSync(join(__dirname, '..', '..', '..', 'examples', 'dind-evicted-nodefs'), incident, { recursive: true });

  it("postmortem -o FOLDER/ names the draft by the incident's date from its evidence", async () => {
    const r = await cli(['postmortem', incident, '-o', join(incident, 'postmortems') + '/']);
    assert.equal(r.code, 0, r.err);
    const files = readdirSync(join(incident, 'postmortems'));
    // The logs are from 23 Nov 2018; the clock says 2026-12-06.
    assert.deepEqual(files, ['2018-11-23-image-gc-failed-on-aks-nodepool1-38102419-1-wanted.md']);
    assert.match(r.err, /postmortem draft written to .*2018-11-23-image-gc-failed/);
    assert.ok(readFileSync(join(incident, 'postmortems', files[0]), 'utf8').startsWith(DRAFT_MARKER));
  });

  it('diagnose of the folder skips the draft saved inside it, and says so', async () => {
    // Also a draft saved under another name, beside the logs.
    writeFileSync(join(incident, 'notes.md'), readFileSync(join(incident, 'postmortems', readdirSync(join(incident, 'postmortems'))[0])));
    const r = await cli(['diagnose', incident, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const names = (JSON.parse(r.out) as { inputs: { name: string }[] }).inputs.map((i) => i.name);
    assert.equal(names.length, 5, names.join(', '));
    assert.ok(!names.some((n) => n.endsWith('.md')), names.join(', '));
    assert.match(r.err, /skipped .*notes\.md \(a postmortem draft, not a log\)/);
    assert.match(r.err, /skipped .*postmortems.*2018-11-23-.*\.md \(a postmortem draft, not a log\)/);
  });

  it('a folder of drafts only is an input error, not an incident', async () => {
    const r = await cli(['diagnose', join(incident, 'postmortems')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /none of its files can be read as a log: .*\(a postmortem draft, not a log\)/);
  });

  it('an explicit file is read even when it is a draft (the user asked for it)', async () => {
    const draft = join(incident, 'notes.md');
    const r = await cli(['diagnose', draft, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { inputs: unknown[] }).inputs.length, 1);
  });
});
