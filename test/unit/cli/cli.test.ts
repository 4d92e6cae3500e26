import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as runCliWith } from './runCli';

const cli = (args: string[], stdin?: string) => runCliWith(args, { stdin });

const dir = mkdtempSync(join(tmpdir(), 'pml-'));
const log = join(dir, 'kubelet.log');
writeFileSync(log, 'E0413 10:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/abc: no space left on device\n');

describe('cli', () => {
  it('diagnose --format json gives findings, root causes and inputs', async () => {
    const r = await cli(['diagnose', log, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.findings[0].signatureId, 'no-space-left-on-device');
    assert.equal(j.findings[0].occurrences[0].line, 1);
    assert.equal(j.rootCauses[0].signatureId, 'no-space-left-on-device');
    assert.deepEqual(j.inputs[0].kinds, ['klog']);
  });
  it('reads stdin with - and honours --fail-on', async () => {
    const text = readFileSync(log, 'utf8');
    assert.equal((await cli(['diagnose', '-', '--fail-on', 'error'], text)).code, 1);
    assert.equal((await cli(['diagnose', '-', '--fail-on', 'critical'], text)).code, 0);
    assert.equal((await cli(['diagnose', '-', '--fail-on', 'error'], 'all quiet\n')).code, 0);
  });
  it('exits 2 with a clear message on usage and input errors', async () => {
    const missing = await cli(['diagnose', join(dir, 'nope.log')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read .*nope\.log/);
    assert.equal((await cli(['diagnose', log, '--format', 'yaml'])).code, 2);
    assert.equal((await cli(['diagnose', log, '--kind', 'nonsense'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    const tty = await cli(['diagnose']);
    assert.equal(tty.code, 2);
    assert.match(tty.err, /no input/);
  });
  it('postmortem -o writes the draft', async () => {
    const out = join(dir, 'pm', 'draft.md');
    const r = await cli(['postmortem', log, '-o', out, '--title', 'Disk full on node-1']);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(out, 'utf8'), /^# Postmortem: Disk full on node-1/m);
  });
  it('catalogue list/show/search, with JSON', async () => {
    const list = JSON.parse((await cli(['catalogue', 'list', '--format', 'json'])).out);
    assert.ok(list.every((s: Record<string, string>) => s.id && s.title && s.severity && s.category));
    assert.match((await cli(['catalogue', 'show', 'no-space-left-on-device'])).out, /Next checks:/);
    const bad = await cli(['catalogue', 'show', 'no-space-left']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /did you mean no-space-left-on-device/);
    assert.equal(JSON.parse((await cli(['catalogue', 'search', 'disk', 'full', '--format', 'json'])).out)[0].id, 'no-space-left-on-device');
  });
  it('validate reports broken files with file:line and exits 1', async () => {
    const r = await cli(['validate', join(__dirname, '..', '..', 'fixtures', 'patterns-invalid')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad-rule\.yaml:10:\d+: error: match\[1\]/);
    assert.match(r.err, /missing-fields\.yaml:\d+:\d+: error: \(top level\): missing required field "match"/);
    const ok = await cli(['validate', join(__dirname, '..', '..', 'fixtures', 'patterns-user')]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /1 signatures valid, 0 errors/);
  });
  it('--help and --version', async () => {
    const h = await cli(['diagnose', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /--fail-on <severity>/);
    assert.match((await cli(['--version'])).out, /\d+\.\d+\.\d+/);
  });
});
