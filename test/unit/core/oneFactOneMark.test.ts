import { strict as assert } from 'node:assert';
import { DiagnosisSession, diagnoseTexts, IncrementalDocument, type Diagnosis } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const opts = { defaultYear: 2018 };
const diagnose = (text: string): Diagnosis => diagnoseTexts(cat, [{ name: 'paste', text }], opts);
/** Each occurrence of a signature as `line-endLine`. */
const marks = (d: Diagnosis, id: string): string[] => (d.findings.find((f) => f.signatureId === id)?.occurrences ?? []).map((o) => `${o.line}-${o.endLine}`);
const J = (time: string, msg: string, unit = 'kubelet[3121]') => `Nov 23 ${time} aks-nodepool1-38102419-1 ${unit}: ${msg}`;

// What an SRE pastes into one editor: a describe, then a journal excerpt, then dmesg, then a pod's log.
const PASTE =
  [
    '$ kubectl describe pod jenkins-agent-x2x7q -n ci',
    'Name:         jenkins-agent-x2x7q',
    'Namespace:    ci',
    'Node:         aks-nodepool1-38102419-1/10.240.0.5',
    'Status:       Failed',
    'Reason:       Evicted',
    'Message:      The node was low on resource: nodefs.',
    'Events:',
    '  Type     Reason   Age   From                                Message',
    '  ----     ------   ----  ----                                -------',
    '  Warning  Evicted  18m   kubelet, aks-nodepool1-38102419-1  The node was low on resource: nodefs.',
    '',
    'seth@bastion:~$ journalctl -u kubelet --since "2018-11-23 08:46" --no-pager', // 13
    J(
      '08:46:41',
      'I1123 08:46:41.866572    3121 image_gc_manager.go:300] [imageGCManager]: Disk usage on image filesystem is at 92% which is over the high threshold (85%). Trying to free 3739070464 bytes down to the low threshold (80%).',
    ),
    J(
      '08:46:41',
      'E1123 08:46:41.890572    3121 remote_image.go:130] RemoveImage "sha256:2b96d4e8f0a1" from image service failed: rpc error: code = Unknown desc = Error response from daemon: conflict: unable to delete 2b96d4e8f0a1 (must be forced) - image is being used by stopped container 7c21e5d8b0f4',
    ),
    J(
      '08:46:41',
      'E1123 08:46:41.890672    3121 kuberuntime_image.go:122] Remove image "sha256:2b96d4e8f0a1" failed: rpc error: code = Unknown desc = Error response from daemon: conflict: unable to delete 2b96d4e8f0a1 (must be forced) - image is being used by stopped container 7c21e5d8b0f4',
    ),
    J(
      '08:46:41',
      'E1123 08:46:41.940572    3121 kubelet.go:1253] Image garbage collection failed multiple times in a row: failed to garbage collect required amount of images. Wanted to free 3739070464 bytes, but freed 0 bytes',
    ),
    J('08:47:08', 'W1123 08:47:08.018871    3121 eviction_manager.go:332] eviction manager: attempting to reclaim nodefs'), // 18
    J('08:47:08', 'I1123 08:47:08.019171    3121 eviction_manager.go:346] eviction manager: must evict pod(s) to reclaim nodefs'),
    J(
      '08:47:09',
      'I1123 08:47:09.458871    3121 eviction_manager.go:157] eviction manager: pods jenkins-agent-x2x7q_ci(66176abc-4312-4b3d-9671-0647c22b547f) evicted, waiting for pod to be cleaned up',
    ), // 20
    'root@aks-nodepool1-38102419-1:/# dmesg -T | tail -3', // 21
    '[Fri Nov 23 08:47:09 2018] docker0: port 3(veth1a2b3c4) entered disabled state',
    '[Fri Nov 23 08:47:10 2018] EXT4-fs warning (device sda1): ext4_dx_add_entry:2236: Directory index full!',
    '$ kubectl -n ci logs jenkins-agent-x2x7q -c jnlp --previous', // 24
    'INFO: Connecting to jenkins.ci.svc:50000',
    'java.io.IOException: No space left on device', // 26
    '\tat java.io.FileOutputStream.writeBytes(Native Method)',
    'SEVERE: agent stopped',
  ].join('\n') + '\n';

describe('one fact, one mark', () => {
  it('segments a pasted buffer at its shell prompts and reads each part as its own kind', () => {
    const d = diagnose(PASTE);
    assert.deepEqual(
      d.inputs[0].segments.map((s) => `${s.kind} ${s.startLine}-${s.endLine}`),
      ['kubectl-describe 1-12', 'journald 13-20', 'dmesg 21-23', 'plain 24-28'],
    );
    // The pod's own log is not swallowed by the dmesg line above it: the error is on its line, its frame with it.
    assert.deepEqual(marks(d, 'no-space-left-on-device'), ['26-27']);
    assert.deepEqual(marks(d, 'image-gc-failed'), ['15-17']);
    assert.deepEqual(marks(d, 'node-disk-pressure'), ['18-18']);
    // The decision (19) and the line naming the pod (20), a second apart, are one eviction.
    assert.deepEqual(marks(d, 'pod-evicted-disk-pressure').sort(), ['11-12', '19-20', '7-7']);
  });

  it('reads a prompt-less paste the same way it did (prompts only add boundaries)', () => {
    const noPrompts = PASTE.split('\n')
      .filter((l) => !/^\S*[$#] /.test(l))
      .join('\n');
    const d = diagnose(noPrompts);
    assert.deepEqual(
      d.inputs[0].segments.map((s) => s.kind),
      ['kubectl-describe', 'journald', 'dmesg'],
    );
  });

  it('marks the line naming the evicted pod, with the pod, as the eviction (both kubelet wordings)', () => {
    const d = diagnose(PASTE);
    const evicted = d.findings.find((f) => f.signatureId === 'pod-evicted-disk-pressure')!;
    const onLine20 = evicted.occurrences.find((o) => o.line <= 20 && o.endLine >= 20)!;
    assert.equal(onLine20.captures.pod, 'jenkins-agent-x2x7q');
    assert.equal(onLine20.refs.namespace, 'ci');
    assert.match(onLine20.text, /jenkins-agent-x2x7q_ci\(66176abc-4312-4b3d-9671-0647c22b547f\) evicted, waiting for pod to be cleaned up/);
    const structured = diagnose(
      [
        'I0607 16:27:05.101010    7302 eviction_manager.go:366] "Eviction manager: must evict pod(s) to reclaim" resourceName="ephemeral-storage"',
        'I0607 16:27:05.101334    7302 eviction_manager.go:377] "Eviction manager: pods ranked for eviction" pods=["ci/jenkins-agent-x2x7q","kube-system/kube-proxy-8z6sw"]',
        'I0607 16:27:07.412873    7302 eviction_manager.go:616] "Eviction manager: pod is evicted successfully" pod="ci/jenkins-agent-x2x7q"',
      ].join('\n'),
    );
    const occ = structured.findings.find((f) => f.signatureId === 'pod-evicted-disk-pressure')!.occurrences.find((o) => o.line === 3)!;
    assert.equal(occ.captures.pod, 'ci/jenkins-agent-x2x7q');
    assert.equal(occ.refs.pod, 'jenkins-agent-x2x7q');
  });

  it('gives an eviction decided for memory to the memory signature only', () => {
    const d = diagnose(
      [
        'I0607 16:27:05.101010    7302 eviction_manager.go:366] "Eviction manager: must evict pod(s) to reclaim" resourceName="memory"',
        'I0607 16:27:07.412873    7302 eviction_manager.go:616] "Eviction manager: pod is evicted successfully" pod="ci/web-1"',
      ].join('\n'),
    );
    // The decision and the line naming the pod it led to are one eviction, two seconds apart or not.
    assert.deepEqual(marks(d, 'pod-evicted-memory-pressure'), ['1-2']);
    assert.deepEqual(marks(d, 'pod-evicted-disk-pressure'), []);
  });

  it('reads the DiskPressure condition as node disk pressure, not as an eviction', () => {
    const d = diagnose(
      [
        'Name:               aks-nodepool1-38102419-1',
        'Roles:              agent',
        'Conditions:',
        '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
        '  ----             ------  -----------------                 ------------------                ------                       -------',
        '  DiskPressure     True    Fri, 23 Nov 2018 09:05:52 +0000   Fri, 23 Nov 2018 08:21:23 +0000   KubeletHasDiskPressure       kubelet has disk pressure',
      ].join('\n'),
    );
    assert.deepEqual(marks(d, 'node-disk-pressure'), ['6-6']);
    assert.equal(
      d.findings.some((f) => f.signatureId === 'pod-evicted-disk-pressure'),
      false,
    );
  });

  it('makes one failed GC cycle one occurrence with a range over its lines, the same on every path', () => {
    const text = PASTE.split('\n').slice(13, 17).join('\n') + '\n';
    const whole = diagnose(text);
    const gc = whole.findings.find((f) => f.signatureId === 'image-gc-failed')!;
    assert.equal(gc.count, 1);
    assert.deepEqual(marks(whole, 'image-gc-failed'), ['2-4']);
    assert.deepEqual(gc.occurrences[0].captures, { wanted: '3739070464', freed: '0' });
    const streamed = new DiagnosisSession(cat, { ...opts, blockSize: 300 });
    const h = streamed.openInput('paste');
    h.push(Buffer.from(text));
    h.end();
    assert.deepEqual(marks(streamed.finish(), 'image-gc-failed'), ['2-4'], 'block by block');
    assert.deepEqual(marks(new IncrementalDocument(cat, 'paste').analyze(text, 2018), 'image-gc-failed'), ['2-4'], 'in the editor');
    // The kubelet's own log file (no journal header): its lines name no writer, or `kubelet` for kubelet.go.
    const klog = text
      .split('\n')
      .map((l) => l.replace(/^.*?kubelet\[3121\]: /, ''))
      .join('\n');
    assert.deepEqual(marks(diagnose(klog), 'image-gc-failed'), ['2-4'], 'klog file');
  });

  it('keeps separate facts apart: another pod, another second, or lines with no time', () => {
    const d = diagnose(
      [
        J(
          '08:47:09',
          'E1123 08:47:09.100000    3121 pod_workers.go:191] Error syncing pod, skipping: failed to "StartContainer" for "app" with CrashLoopBackOff: "back-off 5m0s restarting failed container=app pod=web-1_default(1)"',
        ),
        J(
          '08:47:09',
          'E1123 08:47:09.200000    3121 pod_workers.go:191] Error syncing pod, skipping: failed to "StartContainer" for "app" with CrashLoopBackOff: "back-off 5m0s restarting failed container=app pod=web-2_default(2)"',
        ),
        J(
          '08:47:12',
          'E1123 08:47:12.200000    3121 pod_workers.go:191] Error syncing pod, skipping: failed to "StartContainer" for "app" with CrashLoopBackOff: "back-off 5m0s restarting failed container=app pod=web-2_default(2)"',
        ),
      ].join('\n'),
    );
    assert.deepEqual(marks(d, 'crash-loop-backoff'), ['1-1', '2-2', '3-3']);
    const table = diagnose(
      [
        'NAMESPACE   NAME                       READY   STATUS    RESTARTS   AGE',
        'ci          jenkins-agent-x2x7q        0/2     Evicted   0          49m',
        'ci          jenkins-agent-q8w3e        0/2     Evicted   0          49m',
      ].join('\n'),
    );
    assert.deepEqual(marks(table, 'pod-evicted-disk-pressure'), ['2-2', '3-3']);
  });

  it('joins a multi-line message journald split into entries, even when only a later line matched', () => {
    const d = diagnose(
      [
        J('08:47:09', 'E1123 08:47:09.100000    3121 pod_workers.go:1300] "Error syncing pod, skipping" err=<'),
        J(
          '08:47:09',
          '        failed to "StartContainer" for "app" with RunContainerError: "failed to create containerd task: mkdir /var/lib/containerd/x: no space left on device"',
        ),
        J('08:47:09', ' > pod="ci/app-1" podUID=abc'),
        J('08:47:10', 'I1123 08:47:10.100000    3121 kubelet.go:2156] "SyncLoop (housekeeping)"'),
      ].join('\n'),
    );
    const occ = d.findings.find((f) => f.signatureId === 'no-space-left-on-device')!.occurrences;
    assert.deepEqual(
      occ.map((o) => `${o.line}-${o.endLine}`),
      ['1-3'],
    );
    assert.equal(occ[0].refs.pod, 'app-1');
  });
});
