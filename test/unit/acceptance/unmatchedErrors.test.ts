import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseTexts, type Diagnosis } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const cat = shippedCatalogue();

function filesOf(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .sort()
    .filter((n) => !/^(README\.md|expected\.json)$/.test(n) && statSync(join(dir, n)).isFile())
    .map((n) => ({ name: `${dir}/${n}`, text: readFileSync(join(dir, n), 'utf8') }));
}

/** Templates of the unmatched clusters, best first. */
const templates = (d: Diagnosis): string[] => d.unknownErrors.map((u) => u.template);

/** Noise the list used to be full of: echoed commands, flags, counters, snapshot states, bare outcomes. */
const NOISE = [
  /^> /,
  /^\+ /,
  /# timeout=/,
  /passed so far/,
  /ok=<\*> changed=<\*>/,
  /retries left/,
  /with timeout of/,
  /^Finished: FAILURE/,
  /^(?:Status|Reason): /,
  /exit code <\*>$/,
  /^info /,
];

/**
 * What an SRE reading each incident calls a real unexplained error: the cluster expected on top
 * (the first symptom of the root cause nobody's signature names) and others that must be listed.
 */
const REAL: Record<string, { top: RegExp; listed: RegExp[] }> = {
  'conntrack-dns': { top: /^FAILED tests\/test_live\.py::test_visitor_lookup_live/, listed: [] },
  // (its "Failed to get system container stats" lines are named by kubelet-system-container-stats-failed now)
  'dind-evicted-nodefs': { top: /^Failed to create summary reader/, listed: [] },
  'helm-tiller-flaky-ci': {
    top: /^ListPodSandbox failed: rpc error: code = DeadlineExceeded/,
    listed: [/^Container garbage collection failed: .*DeadlineExceeded/, /^ERROR: pods in <\*> did not terminate/, /^Error: release: "<\*>" not found/],
  },
  'konnectivity-dial-timeout': {
    top: /^(?:could not read stream: .*transport is closing|conn write failure)/,
    listed: [/^no DIAL_RSP from agent/, /^konnectivity tunnel to <\*> not established/, /^java\.io\.IOException: Timed out waiting for websocket connection/],
  },
  // (its "fatal: [node4]: FAILED!" get_url 502 from the artifact mirror is named by ansible-task-failed now)
  'kubespray-cni-rerun': { top: /^Image garbage collection failed once/, listed: [/^Failed to create summary reader/] },
};

describe('acceptance: unmatched error lines of the example incidents', () => {
  const bundles = readdirSync(EXAMPLES).filter((n) => existsSync(join(EXAMPLES, n, 'expected.json')));
  const all: { name: string; text: string }[] = [];
  for (const b of bundles) {
    const inputs = filesOf(join(EXAMPLES, b));
    all.push(...inputs);
    it(`${b}: a handful of clusters, each a real error, the most telling first`, () => {
      const d = diagnoseTexts(cat, inputs, { defaultYear: 2021 });
      const t = templates(d);
      assert.ok(t.length >= 1 && t.length <= 8, `${t.length} clusters:\n${t.join('\n')}`);
      for (const n of NOISE) assert.ok(!t.some((x) => n.test(x)), `noise ${n} listed:\n${t.join('\n')}`);
      const real = REAL[b];
      assert.ok(real, `no expectations written for ${b}`);
      assert.match(t[0], real.top, t.join('\n'));
      for (const r of real.listed)
        assert.ok(
          t.some((x) => r.test(x)),
          `${r} not listed:\n${t.join('\n')}`,
        );
      const sorted = d.unknownErrors.map((u) => u.score);
      assert.deepEqual(
        sorted,
        [...sorted].sort((x, y) => y - x),
        'best score first',
      );
      const s = d.unknownErrorTotals;
      assert.equal(s.clusters, d.unknownErrors.length);
      assert.ok(Object.values(s.setAside).reduce((n, x) => n + x, 0) > 0, 'says what it set aside');
    });
  }
  it('all incidents together: still a short list, nothing left out silently', () => {
    const d = diagnoseTexts(cat, all, { defaultYear: 2021 });
    assert.ok(d.unknownErrors.length <= 25, `${d.unknownErrors.length} clusters`);
    assert.equal(d.unknownErrorTotals.clusters, d.unknownErrors.length);
    assert.equal(
      d.unknownErrorTotals.lines,
      d.unknownErrors.reduce((n, u) => n + u.count, 0),
    );
    for (const n of NOISE) assert.ok(!templates(d).some((x) => n.test(x)), `noise ${n} listed`);
  });
});
