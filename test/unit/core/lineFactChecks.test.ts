/**
 * Facts across lines that are not table rows: CNI configs side by side in /etc/cni/net.d, a kubelet
 * cgroup driver that is not the runtime's, a cluster CIDR that leaves nodes' podCIDRs out. Each check on
 * realistic pastes both ways, the files the runtime skips, facts split over several files (the same
 * findings as in one), through the incremental reader, and the bound on kept facts.
 */
import { strict as assert } from 'node:assert';
import { diagnoseTexts, IncrementalDocument, type Diagnosis } from '../../../src/core';
import { runCrossCheck } from '../../../src/core/diagnose/crossChecks';
import { MAX_LINE_FACTS } from '../../../src/core/diagnose/lineFacts';
import type { Finding } from '../../../src/model';
import { shippedCatalogue } from '../shippedCatalogue';

const catalogue = shippedCatalogue();
const CNI = 'multiple-cni-configs';
const CGROUP = 'cgroup-driver-config-differs';
const CIDR = 'cluster-cidr-excludes-node-podcidr';

const diagnose = (...texts: string[]): Diagnosis =>
  diagnoseTexts(
    catalogue,
    texts.map((text, i) => ({ name: `paste-${i}.txt`, text })),
    { defaultYear: 2024 },
  );
const finding = (d: Diagnosis, id: string): Finding | undefined => d.findings.find((f) => f.signatureId === id);
const lines = (f: Finding | undefined): [number, number][] => (f ? f.occurrences.map((o) => [o.input, o.line]) : []);
/** A finding as facts, whatever the inputs were: each occurrence's text and captures. */
const facts = (f: Finding | undefined): string[] => (f ? f.occurrences.map((o) => `${o.text} ${JSON.stringify(o.captures)}`) : []);

describe('cross-line checks over line facts', () => {
  describe('CNI configs side by side in /etc/cni/net.d', () => {
    it('reads `ls -l` over ssh: names both configs, the one the runtime loads, the host, and skips the kubeconfig', () => {
      const d = diagnose(`$ ssh worker-12 sudo ls -l /etc/cni/net.d/
total 16
-rw-r--r-- 1 root root  805 Mar  3 09:14 10-canal.conflist
-rw------- 1 root root 2704 Mar  3 09:14 calico-kubeconfig
-rw-r--r-- 1 root root  411 Jan 19  2023 05-weave.conflist
drwxr-xr-x 2 root root 4096 Mar  3 09:14 multus.d
$ kubectl get nodes
`);
      const f = finding(d, CNI);
      assert.ok(f, d.findings.map((x) => x.signatureId).join());
      assert.deepEqual(lines(f), [
        [0, 1],
        [0, 3],
        [0, 5],
      ]);
      assert.equal(f.occurrences[0].captures.winner, '05-weave.conflist');
      assert.equal(f.occurrences[0].captures.files, '05-weave.conflist, 10-canal.conflist');
      assert.equal(f.occurrences[0].refs.node, 'worker-12');
      assert.match(f.headline, /2 CNI configs in \/etc\/cni\/net\.d on worker-12: .*the runtime loads 05-weave\.conflist/);
    });

    it('reads a bare `ls` (several names on a line), `find` and `tree` output', () => {
      const bare = finding(diagnose('[root@gpu-3 ~]# ls /etc/cni/net.d\n10-containerd-net.conflist  10-flannel.conflist  99-loopback.conf\n'), CNI);
      assert.equal(bare?.occurrences[0].captures.files, '10-containerd-net.conflist, 10-flannel.conflist');
      const find = finding(
        diagnose(
          '# find /etc/cni/net.d -maxdepth 1\n/etc/cni/net.d\n/etc/cni/net.d/05-cilium.conflist\n/etc/cni/net.d/10-aws.conflist\n/etc/cni/net.d/.kube\n',
        ),
        CNI,
      );
      assert.equal(find?.occurrences[0].captures.winner, '05-cilium.conflist');
      assert.deepEqual(
        lines(find).map(([, l]) => l),
        [1, 3, 4],
      );
      const tree = finding(
        diagnose('admin@edge-1:~$ tree /etc/cni/net.d\n/etc/cni/net.d\n├── 10-flannel.conflist\n└── 87-podman-bridge.conflist\n\n0 directories, 2 files\n'),
        CNI,
      );
      assert.equal(tree?.occurrences[0].captures.winner, '10-flannel.conflist');
    });

    it('reads a listing pasted without its command when it names a .conflist file, the host from the prompt above', () => {
      const bare = finding(diagnose('Listing from the broken node:\n\n10-calico.conflist  10-flannel.conflist  calico-kubeconfig\n'), CNI);
      assert.deepEqual(lines(bare), [[0, 3]]);
      const long = finding(
        diagnose(`root@ip-172-31-9-4:~# cd /etc/cni/net.d && ls -l
total 8
-rw-r--r-- 1 root root 292 Nov  2 18:31 10-flannel.conflist
-rw-r--r-- 1 root root 568 Mar  1 11:02 100-crio-bridge.conf
`),
        CNI,
      );
      assert.deepEqual(
        lines(long).map(([, l]) => l),
        [3, 4],
      );
      assert.equal(long?.occurrences[0].captures.node, 'ip-172-31-9-4');
      // The same names listed from another directory (a backup of the configs) say nothing of the runtime's.
      assert.equal(
        finding(
          diagnose(
            'root@w2:~# ls -l /root/cni-backup/\n-rw-r--r-- 1 root root 1489 Dec  4 20:43 10-calico.conflist\n-rw-r--r-- 1 root root  292 Nov  2 18:31 10-flannel.conflist\n',
          ),
          CNI,
        ),
        undefined,
      );
    });

    it('does not read a sentence as names: prose after a listing, prose naming two configs', () => {
      const d = diagnose(`$ ls /etc/cni/net.d
10-flannel.conflist
I then moved 10-calico.conflist away
so only 10-flannel.conflist stays, not 10-calico.conflist
`);
      assert.equal(finding(d, CNI), undefined);
    });

    it('leaves alone one config beside backups, other extensions, directories and the loopback config', () => {
      const d = diagnose(`root@node-7:~# ls -la /etc/cni/net.d/
total 28
drwxr-xr-x 3 root root 4096 Mar  3 09:14 .
drwxr-xr-x 3 root root 4096 Jan 19  2023 ..
-rw-r--r-- 1 root root  292 Jan 19  2023 10-flannel.conflist
-rw-r--r-- 1 root root 1489 Mar  3 09:14 10-calico.conflist.bak
-rw-r--r-- 1 root root 1489 Mar  3 09:14 10-calico.conflist.old
-rw-r--r-- 1 root root  300 Mar  3 09:14 10-flannel.conflist.dpkg-old
-rw-r--r-- 1 root root   54 Mar  3 09:14 99-loopback.conf
drwxr-xr-x 2 root root 4096 Mar  3 09:14 00-multus.conf.d
root@node-7:~# ls /etc/cni/net.d
05-cilium.conflist  10-flannel.conflist.cilium_bak
`);
      assert.equal(finding(d, CNI), undefined);
    });

    it('stops a listing at the next prompt or blank line: later output is not part of the directory', () => {
      const d = diagnose('$ ls /etc/cni/net.d\n10-flannel.conflist\n$ ls /etc/containerd\nconfig.toml  base.conf\n\nfoo.conf bar.json\n');
      assert.equal(finding(d, CNI), undefined);
    });

    it('judges each listing on its own: two configs before the fix, one after', () => {
      const d = diagnose(`root@w1:~# ls /etc/cni/net.d
10-calico.conflist  10-flannel.conflist
root@w1:~# mv /etc/cni/net.d/10-calico.conflist /root/
root@w1:~# ls /etc/cni/net.d
10-flannel.conflist
`);
      assert.deepEqual(
        lines(finding(d, CNI)).map(([, l]) => l),
        [1, 2],
      );
    });

    it("reads the runtime's own lines: two networks found on one host, not one network on each of two hosts", () => {
      const oneHost = `Apr 02 07:00:12 w4 crio[880]: time="2024-04-02 07:00:12.101Z" level=info msg="Found CNI network crio (type=bridge) at /etc/cni/net.d/100-crio-bridge.conf"
Apr 02 07:00:12 w4 crio[880]: time="2024-04-02 07:00:12.102Z" level=info msg="Found CNI network k8s-pod-network (type=calico) at /etc/cni/net.d/10-calico.conflist"
Apr 02 07:00:12 w4 crio[880]: time="2024-04-02 07:00:12.103Z" level=info msg="Updated default CNI network name to k8s-pod-network"
`;
      const f = finding(diagnose(oneHost), CNI);
      assert.equal(f?.occurrences[0].captures.winner, '10-calico.conflist');
      assert.equal(f?.occurrences[0].captures.node, 'w4');
      assert.equal(finding(diagnose(oneHost.replace(/ w4 crio\[880\]: (.*crio-bridge)/, ' w5 crio[880]: $1')), CNI), undefined);
    });

    it('gives the same finding when the listing and the kubelet journal are two files or one', () => {
      const listing =
        '$ ls -l /etc/cni/net.d\n-rw-r--r--. 1 root root 1489 2024-12-04 20:43 10-calico.conflist\n-rw-r--r--. 1 root root  292 2024-11-02 18:31 10-flannel.conflist\n';
      const journal =
        'Dec 04 20:44:10 ip-10-0-3-41 kubelet[9731]: I1204 20:44:10.624441    9731 cni.go:203] Using CNI configuration file /etc/cni/net.d/10-calico.conflist\n';
      const split = finding(diagnose(listing, journal), CNI);
      const joined = finding(diagnose(listing + journal), CNI);
      assert.deepEqual(
        lines(split),
        [
          [0, 1],
          [0, 2],
          [0, 3],
          [1, 1],
        ],
        'the journal line that names the loaded file is involved too',
      );
      assert.deepEqual(facts(split), facts(joined));
      assert.equal(split?.occurrences[3].captures.file, '10-calico.conflist');
      // Read in the other order, the facts are the same.
      assert.deepEqual(facts(finding(diagnose(journal, listing), CNI)).sort(), facts(split).sort());
    });
  });

  describe('cgroup drivers that differ', () => {
    it("finds the kubelet's config.yaml against containerd's SystemdCgroup on the host the prompt names", () => {
      const d = diagnose(`root@cp-1:~# grep -n cgroup /var/lib/kubelet/config.yaml
22:cgroupDriver: systemd
root@cp-1:~# containerd config dump | grep -n SystemdCgroup
143:            SystemdCgroup = false
`);
      const f = finding(d, CGROUP);
      assert.ok(f);
      assert.deepEqual(
        lines(f).map(([, l]) => l),
        [2, 4],
      );
      assert.deepEqual(
        [f.occurrences[0].captures.kubelet_driver, f.occurrences[0].captures.runtime_driver, f.occurrences[0].captures.runtime, f.occurrences[0].captures.node],
        ['systemd', 'cgroupfs', 'containerd', 'cp-1'],
      );
      assert.match(f.headline, /cgroup drivers differ on cp-1: kubelet systemd, containerd cgroupfs/);
    });

    it("relates the kubelet's startup dump in its journal to a `docker info` pasted in another file, as in one", () => {
      const journal =
        'Mar 09 14:02:11 node-b kubelet[2211]: I0309 14:02:11.400121    2211 container_manager_linux.go:301] Creating Container Manager object based on Node Config: {RuntimeCgroupsName: SystemCgroupsName: KubeletCgroupsName: ContainerRuntime:docker CgroupsPerQOS:true CgroupRoot:/ CgroupDriver:cgroupfs KubeletRootDir:/var/lib/kubelet}\n';
      const info = 'Server:\n Containers: 14\n Storage Driver: overlay2\n Logging Driver: json-file\n Cgroup Driver: systemd\n Cgroup Version: 2\n';
      const split = finding(diagnose(journal, info), CGROUP);
      assert.deepEqual(lines(split), [
        [0, 1],
        [1, 5],
      ]);
      assert.equal(split?.occurrences[1].captures.node, 'node-b');
      assert.deepEqual(facts(split), facts(finding(diagnose(journal + info), CGROUP)));
    });

    it('reads kubelet flags, configz JSON, daemon.json exec-opts, kubeadm preflight and CRI-O settings', () => {
      const configz =
        'user@bastion:~$ kubectl get --raw /api/v1/nodes/w9/proxy/configz\n{"kubeletconfig":{"staticPodPath":"/etc/kubernetes/manifests","cgroupDriver":"systemd","hairpinMode":"promiscuous-bridge"}}\n';
      const crio = 'user@bastion:~$ ssh w9 sudo crio config 2>/dev/null | grep cgroup_manager\ncgroup_manager = "cgroupfs"\n';
      assert.equal(finding(diagnose(configz, crio), CGROUP)?.occurrences[0].captures.runtime, 'cri-o');
      const flags =
        'Environment="KUBELET_KUBEADM_ARGS=--cgroup-driver=cgroupfs --network-plugin=cni"\n[WARNING IsDockerSystemdCheck]: detected "systemd" as the Docker cgroup driver. The recommended driver is "systemd".\n';
      assert.ok(finding(diagnose(flags), CGROUP));
      assert.ok(
        finding(
          diagnose('KUBELET_EXTRA_ARGS=--cgroup-driver=systemd\n', '{ "exec-opts": ["native.cgroupdriver=cgroupfs"], "log-driver": "json-file" }\n'),
          CGROUP,
        ),
      );
    });

    it('leaves alone equal drivers, a kubelet that takes the driver from the runtime, commented settings, and two hosts each consistent', () => {
      assert.equal(finding(diagnose('cgroupDriver: systemd\n', '            SystemdCgroup = true\n'), CGROUP), undefined);
      const fromCri =
        'Nov 07 10:00:00 n5 kubelet[1234]: I1107 10:00:00.000000    1234 server.go:1390] "Using cgroup driver setting received from the CRI runtime" cgroupDriver="systemd"\ncgroupDriver: cgroupfs\n    SystemdCgroup = true\n';
      assert.equal(finding(diagnose(fromCri), CGROUP), undefined);
      assert.equal(finding(diagnose('cgroupDriver: systemd\n#   SystemdCgroup = false\n  SystemdCgroup = true\n'), CGROUP), undefined);
      const twoHosts = `root@a1:~# docker info | grep -i cgroup
 Cgroup Driver: cgroupfs
root@a1:~# grep cgroup-driver /var/lib/kubelet/kubeadm-flags.env
KUBELET_KUBEADM_ARGS="--cgroup-driver=cgroupfs"
root@b2:~# docker info | grep -i cgroup
 Cgroup Driver: systemd
root@b2:~# grep cgroup-driver /var/lib/kubelet/kubeadm-flags.env
KUBELET_KUBEADM_ARGS="--cgroup-driver=systemd"
`;
      assert.equal(finding(diagnose(twoHosts), CGROUP), undefined);
    });

    it('leaves the error line to the line signature, and links the two by a causal edge', () => {
      const d = diagnose(
        'Jun 12 12:23:42 fed-node kubelet[17481]: F0612 12:23:42.383482   17481 server.go:233] failed to run Kubelet: failed to create kubelet: misconfiguration: kubelet cgroup driver: "cgroupfs" is different from docker cgroup driver: "systemd"\n',
      );
      assert.ok(finding(d, 'kubelet-cgroup-driver-mismatch'));
      assert.equal(finding(d, CGROUP), undefined);
      const edges = catalogue.get(CGROUP)?.signature.related ?? [];
      assert.ok(edges.some((e) => e.id === 'kubelet-cgroup-driver-mismatch' && e.relation === 'causes'));
      const back = catalogue.get('kubelet-cgroup-driver-mismatch')?.signature.related ?? [];
      assert.ok(back.some((e) => e.id === CGROUP && e.relation === 'caused-by'));
    });
  });

  describe('a cluster CIDR that does not contain the nodes podCIDRs', () => {
    it("relates the controller-manager's command line in a pod describe to `kubectl describe node`", () => {
      const cm = `$ kubectl -n kube-system describe pod kube-controller-manager-cp-1
Name:                 kube-controller-manager-cp-1
Containers:
  kube-controller-manager:
    Command:
      kube-controller-manager
      --allocate-node-cidrs=true
      --cluster-cidr=10.244.0.0/16
      --node-cidr-mask-size=24
`;
      const nodes = `$ kubectl describe node worker-4
Name:               worker-4
Roles:              <none>
PodCIDR:                      10.32.4.0/24
PodCIDRs:                     10.32.4.0/24
$ kubectl describe node worker-5
Name:               worker-5
PodCIDR:                      10.244.5.0/24
`;
      const f = finding(diagnose(cm, nodes), CIDR);
      assert.ok(f);
      assert.deepEqual(lines(f), [
        [0, 8],
        [1, 4],
        [1, 5],
      ]);
      assert.equal(f.occurrences[1].captures.node, 'worker-4');
      assert.match(f.headline, /cluster CIDR 10\.244\.0\.0\/16 does not contain worker-4's podCIDR 10\.32\.4\.0\/24/);
      assert.deepEqual(facts(f), facts(finding(diagnose(cm + nodes), CIDR)));
    });

    it("reads kubespray's kube_pods_subnet, the kubelet's Setting Pod CIDR and cluster-info dump JSON", () => {
      const ansible = 'ok: [master1] => {\n    "kube_pods_subnet": "10.233.64.0/18"\n}\n';
      const kubelet = 'Dec 05 09:40:02 worker-2 kubelet[1204]: I1205 09:40:02.118342    1204 kubelet_network.go:276] Setting Pod CIDR:  -> 10.244.2.0/24\n';
      const f = finding(diagnose(ansible, kubelet), CIDR);
      assert.equal(f?.occurrences[1].captures.node, 'worker-2');
      const dump =
        '                "spec": {\n                    "podCIDR": "10.96.3.0/24",\n                    "podCIDRs": [\n                        "10.96.3.0/24"\n                    ],\n                            "--cluster-cidr=10.244.0.0/16",\n';
      assert.ok(finding(diagnose(dump), CIDR));
    });

    it('leaves alone podCIDRs inside the range, IPv6 ranges, and a cluster CIDR stated with no podCIDR to compare', () => {
      const inside = `    - --cluster-cidr=10.244.0.0/16,fd00:10:244::/56
NAME       PODCIDR
node-a     10.244.1.0/24
node-b     10.244.255.0/24
PodCIDRs:                     10.244.7.0/24,fd00:10:244:7::/64
`;
      assert.equal(finding(diagnose(inside), CIDR), undefined);
      assert.equal(finding(diagnose('networking:\n  podSubnet: 192.168.0.0/16\n  serviceSubnet: 10.96.0.0/12\n'), CIDR), undefined);
      // A /24 cluster CIDR cannot hold a /16 podCIDR even though their first addresses agree.
      assert.ok(
        runCrossCheck('cluster-cidr-excludes-node-podcidr', [
          { input: 0, line: 1, text: '', fields: { fact: 'cluster-cidr', value: '10.244.0.0/24' } },
          { input: 0, line: 2, text: '', fields: { NAME: 'n1', PODCIDR: '10.244.0.0/16' } },
        ]).length > 0,
      );
    });
  });

  it('give the same findings through the incremental reader', () => {
    const text = `root@w1:~# ls /etc/cni/net.d
10-calico.conflist  10-flannel.conflist
root@w1:~# grep cgroupDriver /var/lib/kubelet/config.yaml
cgroupDriver: systemd
root@w1:~# docker info 2>/dev/null | grep -i 'cgroup driver'
 Cgroup Driver: cgroupfs
root@w1:~# grep cluster-cidr /etc/kubernetes/manifests/kube-controller-manager.yaml
    - --cluster-cidr=10.233.64.0/18
root@w1:~# kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDR:.spec.podCIDR
NAME   PODCIDR
w1     10.244.1.0/24
`;
    const whole = diagnose(text);
    const incremental = new IncrementalDocument(catalogue, 'paste-0.txt').analyze(text, 2024);
    const got = (d: Diagnosis): unknown => [CNI, CGROUP, CIDR].map((id) => [id, lines(finding(d, id))]);
    assert.deepEqual(
      (got(whole) as [string, unknown[]][]).map(([id, l]) => [id, l.length > 0]),
      [
        [CNI, true],
        [CGROUP, true],
        [CIDR, true],
      ],
    );
    assert.deepEqual(got(incremental), got(whole));
  });

  it('read hostile lines without a hang or a throw: a long line repeating every marker, an endless listing', () => {
    const markers = 'nodeConfig Node Config CgroupDriver: received from the CRI runtime cgroupDriver= ls ssh --cluster-cidr= /etc/cni/net.d PodCIDR: ';
    const long = markers.repeat(4_000) + '\n';
    const endless = '$ ls /etc/cni/net.d\n' + '10-a.conflist 10-b.conf\n'.repeat(5_000);
    const d = diagnose(long, endless);
    // Only the first lines of an endless "listing" are its output (the bound), and they do name two configs.
    const f = finding(d, CNI);
    assert.ok(f && f.occurrences.length > 2 && f.occurrences.length < 400, String(f?.occurrences.length));
    assert.equal(finding(d, CGROUP), undefined);
  });

  it('keep at most MAX_LINE_FACTS facts, and say how many were left out', () => {
    const text = 'cgroupDriver: systemd\n'.repeat(MAX_LINE_FACTS + 7);
    const d = diagnose(text);
    const notices = d.inputs.flatMap((i) => i.notices.map((n) => n.message));
    assert.ok(
      notices.some((m) => m.startsWith('7 line facts') && m.includes('not used by the cross-line checks')),
      notices.join('\n'),
    );
  });
});
