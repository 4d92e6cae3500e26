/**
 * The CLI over two files whose facts only together make a finding: a `ls` of /etc/cni/net.d pasted in
 * one file and the kubelet's journal in another, a `docker info` beside the kubelet's startup dump. The
 * findings point at lines of both files, by file name, and are the same as with both in one file.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './runCli';

const dir = mkdtempSync(join(tmpdir(), 'pml-facts-'));
const listing = `seth@bastion:~$ ssh ip-10-20-3-41 ls -l /etc/cni/net.d/
total 12
-rw-r--r-- 1 root root 1489 Dec  4 20:43 10-calico.conflist
-rw-r--r-- 1 root root  292 Nov  2 18:31 10-flannel.conflist
-rw-r--r-- 1 root root  292 Nov  2 18:30 10-flannel.conflist.bak
seth@bastion:~$ ssh ip-10-20-3-41 docker info 2>/dev/null | grep -i cgroup
 Cgroup Driver: cgroupfs
`;
const journal = `Dec 04 20:41:20 ip-10-20-3-41 kubelet[9731]: I1204 20:41:20.570146    9731 container_manager_linux.go:301] Creating Container Manager object based on Node Config: {RuntimeCgroupsName: SystemCgroupsName: KubeletCgroupsName: ContainerRuntime:docker CgroupsPerQOS:true CgroupRoot:/ CgroupDriver:systemd KubeletRootDir:/var/lib/kubelet}
Dec 04 20:41:21 ip-10-20-3-41 kubelet[9731]: I1204 20:41:21.101212    9731 cni.go:203] Using CNI configuration file /etc/cni/net.d/10-calico.conflist
`;
const files = { listing: join(dir, 'node-shell.txt'), journal: join(dir, 'kubelet.journal.log'), both: join(dir, 'both.txt') };
writeFileSync(files.listing, listing);
writeFileSync(files.journal, journal);
writeFileSync(files.both, listing + journal);

interface JsonFinding {
  signatureId: string;
  headline: string;
  occurrences: { input: string; line: number; text: string; captures: Record<string, string> }[];
}
const findingsOf = async (...paths: string[]): Promise<Map<string, JsonFinding>> => {
  const r = await cli(['diagnose', ...paths, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  return new Map((JSON.parse(r.out).findings as JsonFinding[]).map((f) => [f.signatureId, f]));
};

describe('cli: facts across files', () => {
  it('finds the CNI configs and the cgroup drivers over two files, pointing at lines of both', async () => {
    const found = await findingsOf(files.listing, files.journal);
    const cni = found.get('multiple-cni-configs');
    assert.ok(cni, [...found.keys()].join(', '));
    assert.deepEqual(
      cni.occurrences.map((o) => [o.input, o.line]),
      [
        [files.listing, 1],
        [files.listing, 3],
        [files.listing, 4],
        [files.journal, 2],
      ],
    );
    assert.match(
      cni.headline,
      /2 CNI configs in \/etc\/cni\/net\.d on ip-10-20-3-41: 10-calico\.conflist, 10-flannel\.conflist; the runtime loads 10-calico\.conflist/,
    );
    assert.equal(cni.occurrences[0].captures.ignored, '10-flannel.conflist.bak');
    const cgroup = found.get('cgroup-driver-config-differs');
    assert.ok(cgroup);
    assert.deepEqual(
      cgroup.occurrences.map((o) => [o.input, o.line]),
      [
        [files.listing, 7],
        [files.journal, 1],
      ],
    );
    assert.match(cgroup.headline, /kubelet systemd, docker cgroupfs/);
  });

  it('finds the same facts when both are one file', async () => {
    const split = await findingsOf(files.listing, files.journal);
    const one = await findingsOf(files.both);
    for (const id of ['multiple-cni-configs', 'cgroup-driver-config-differs']) {
      const facts = (f: JsonFinding | undefined) => f?.occurrences.map((o) => [o.text, o.captures]);
      assert.deepEqual(facts(one.get(id)), facts(split.get(id)), id);
      assert.equal(one.get(id)?.headline, split.get(id)?.headline);
    }
  });
});
