/**
 * Facts across lines: the cross-line checks over kubectl tables find what no single line says (a pod IP
 * outside its node's podCIDR, two copies of a control-plane component on a node, two CNI plugins on a
 * node), point at every row involved, leave the look-alikes alone, and give the same findings read
 * whole, in small blocks and through the editor's incremental reader.
 */
import { strict as assert } from 'node:assert';
import { diagnoseStreams, diagnoseTexts, IncrementalDocument, type Diagnosis } from '../../../src/core';
import { runCrossCheck, tableRowOf, type TableRow } from '../../../src/core/diagnose/crossChecks';
import { shippedCatalogue } from '../shippedCatalogue';

const catalogue = shippedCatalogue();

const NODES = `$ kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDR:.spec.podCIDR
NAME       PODCIDR
node-a     10.244.1.0/24
node-b     10.244.2.0/24
node-c     <none>
`;
const PODS = `$ kubectl get pods -A -o wide
NAMESPACE     NAME                               READY   STATUS             RESTARTS   AGE   IP             NODE     NOMINATED NODE   READINESS GATES
kube-system   calico-node-x1                     1/1     Running            0          3h    192.168.0.11   node-a   <none>           <none>
kube-system   kube-flannel-ds-amd64-y1           1/1     Running            0          30d   192.168.0.11   node-a   <none>           <none>
kube-system   kube-proxy-z1                      1/1     Running            0          30d   192.168.0.11   node-a   <none>           <none>
kube-system   calico-node-x2                     1/1     Running            0          3h    192.168.0.12   node-b   <none>           <none>
kube-system   kube-apiserver-node-a              1/1     Running            1          30d   192.168.0.11   node-a   <none>           <none>
kube-system   kube-apiserver-master1             1/1     Running            0          3h    192.168.0.11   node-a   <none>           <none>
kube-system   kube-apiserver-node-b              1/1     Running            0          30d   192.168.0.12   node-b   <none>           <none>
shop          cart-5d8f7-abcde                   0/1     CrashLoopBackOff   40         3h    10.233.97.14   node-a   <none>           <none>
shop          web-6c9d8-fghij                    1/1     Running            0          30d   10.244.2.16    node-b   <none>           <none>
shop          api-7e8f9-klmno                    1/1     Running            0          3h    10.233.64.9    node-c   <none>           <none>
`;

const ids = (d: Diagnosis): string[] => d.findings.map((f) => f.signatureId);
const finding = (d: Diagnosis, id: string) => d.findings.find((f) => f.signatureId === id);

describe('cross-line checks over kubectl tables', () => {
  it("find a pod IP outside its node's podCIDR, pointing at the pod row and the node row", () => {
    const d = diagnoseTexts(
      catalogue,
      [
        { name: 'nodes.txt', text: NODES },
        { name: 'pods.txt', text: PODS },
      ],
      { defaultYear: 2024 },
    );
    const f = finding(d, 'pod-ip-outside-node-podcidr');
    assert.ok(f, ids(d).join(', '));
    // The node row (input 0, line 3) and the one pod outside its range on a node with a podCIDR.
    assert.deepEqual(
      f.occurrences.map((o) => [o.input, o.line]),
      [
        [0, 3],
        [1, 10],
      ],
    );
    assert.equal(f.occurrences[1].captures.ip, '10.233.97.14');
    assert.equal(f.occurrences[1].captures.podCIDR, '10.244.1.0/24');
    assert.match(f.headline, /cart-5d8f7-abcde has IP 10\.233\.97\.14, outside node-a's podCIDR 10\.244\.1\.0\/24/);
  });

  it('find two copies of a control-plane component on one node, and two CNI plugins on one node', () => {
    const d = diagnoseTexts(catalogue, [{ name: 'pods.txt', text: PODS }], { defaultYear: 2024 });
    const cp = finding(d, 'control-plane-duplicated');
    assert.ok(cp);
    assert.deepEqual(
      cp.occurrences.map((o) => o.captures.pod),
      ['kube-apiserver-node-a', 'kube-apiserver-master1'],
    );
    const cni = finding(d, 'multiple-cni-plugins');
    assert.ok(cni);
    assert.deepEqual(
      cni.occurrences.map((o) => [o.line, o.captures.plugin]),
      [
        [3, 'Calico'],
        [4, 'Flannel'],
      ],
    );
    assert.equal(cni.captureValues.node?.join(), 'node-a');
    // Without the nodes' podCIDRs nothing says a pod IP is wrong.
    assert.ok(!ids(d).includes('pod-ip-outside-node-podcidr'));
  });

  it('leave the look-alikes alone: host-network pods, HA control planes on different nodes, Canal, IPs inside the range', () => {
    const healthy = `NAMESPACE     NAME                       READY   STATUS      RESTARTS   AGE   IP             NODE     NOMINATED NODE
kube-system   canal-k2j4x                2/2     Running     0          30d   192.168.0.11   node-a   <none>
kube-system   kube-proxy-z1              1/1     Running     0          30d   192.168.0.11   node-a   <none>
kube-system   kube-apiserver-node-a      1/1     Running     0          30d   192.168.0.11   node-a   <none>
kube-system   kube-apiserver-node-b      1/1     Running     0          30d   192.168.0.12   node-b   <none>
kube-system   coredns-7f89b7bc75-abcde   1/1     Running     0          30d   10.244.1.3     node-a   <none>
kube-system   etcd-node-a                1/1     Running     0          30d   192.168.0.11   node-a   <none>
kube-system   etcd-node-a-old            0/1     Completed   0          60d   192.168.0.11   node-a   <none>
`;
    const d = diagnoseTexts(
      catalogue,
      [
        { name: 'nodes.txt', text: NODES },
        { name: 'pods.txt', text: healthy },
      ],
      { defaultYear: 2024 },
    );
    assert.deepEqual(
      ids(d).filter((id) => ['pod-ip-outside-node-podcidr', 'control-plane-duplicated', 'multiple-cni-plugins'].includes(id)),
      [],
    );
  });

  it('read only the columns they need from a table row, and rows of other tables not at all', () => {
    const row = tableRowOf({
      input: 0,
      line: 5,
      endLine: 5,
      kind: 'kubectl-get',
      timestamp: null,
      message: '',
      text: 'x',
      refs: {},
      fields: { NAME: 'n1', 'POD-CIDR': '10.1.0.0/24', AGE: '3d' },
    });
    assert.deepEqual(row?.fields, { NAME: 'n1', PODCIDR: '10.1.0.0/24' });
    assert.equal(
      tableRowOf({
        input: 0,
        line: 1,
        endLine: 1,
        kind: 'kubectl-get',
        timestamp: null,
        message: '',
        text: 'x',
        refs: {},
        fields: { NAME: 'web', READY: '1/1' },
      }),
      undefined,
    );
    // IPv6 and malformed values are ignored, never thrown on.
    const rows: TableRow[] = [
      { input: 0, line: 1, text: '', fields: { NAME: 'n1', PODCIDR: 'fd00::/64,10.1.0.0/33' } },
      { input: 0, line: 2, text: '', fields: { NAME: 'p', IP: '999.1.1.1', NODE: 'n1' } },
      { input: 0, line: 3, text: '', fields: { NAME: 'q', IP: 'fd00::5', NODE: 'n1' } },
    ];
    assert.deepEqual(runCrossCheck('pod-ip-outside-node-cidr', rows), []);
  });

  it('give the same findings read whole, in small blocks, and through the incremental reader', async () => {
    const text = NODES + PODS;
    const whole = diagnoseTexts(catalogue, [{ name: 'all.txt', text }], { defaultYear: 2024 });
    assert.ok(
      ['pod-ip-outside-node-podcidr', 'control-plane-duplicated', 'multiple-cni-plugins'].every((id) => ids(whole).includes(id)),
      ids(whole).join(', '),
    );
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, i * 100 + 100));
    const streamed = await diagnoseStreams(catalogue, [{ name: 'all.txt', chunks }], { defaultYear: 2024, blockSize: 256 });
    const incremental = new IncrementalDocument(catalogue, 'all.txt').analyze(text, 2024);
    const occ = (d: Diagnosis): unknown =>
      d.findings
        .filter((f) => f.occurrences[0].kind === 'kubectl-get')
        .map((f) => [f.signatureId, f.occurrences.map((o) => o.line)])
        .sort();
    assert.deepEqual(occ(streamed), occ(whole));
    assert.deepEqual(occ(incremental), occ(whole));
  });
});
