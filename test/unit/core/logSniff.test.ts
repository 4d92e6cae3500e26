import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeLog, sniffLog } from '../../../src/core';
import { LOG_KINDS, type LogKind } from '../../../src/model';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'logs');

/** Heads as people paste them, one per kind (the fixtures below cover every kind from files too). */
const HEADS: Partial<Record<LogKind, string>> = {
  'kubectl-describe': `Name:             web-7f9c6d5b8-2xkqp
Namespace:        shop
Priority:         0
Service Account:  default
Node:             ip-10-0-3-17.eu-west-1.compute.internal/
Start Time:       Tue, 16 Nov 2021 09:12:44 +0000
Labels:           app=web
                  pod-template-hash=7f9c6d5b8
Annotations:      kubernetes.io/psp: eks.privileged
Status:           Failed
Reason:           Evicted
Message:          The node was low on resource: ephemeral-storage. Container web was using 10562Mi, which exceeds its request of 0.
IP:
IPs:              <none>
Controlled By:    ReplicaSet/web-7f9c6d5b8
Containers:
  web:
    Image:      registry.example.com/shop/web:4.2.1
    Port:       8080/TCP
    Host Port:  0/TCP
    Requests:
      cpu:        250m
      memory:     256Mi
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-5m2cx (ro)
Volumes:
  kube-api-access-5m2cx:
    Type:                    Projected (a volume that contains injected data from multiple sources)
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age   From     Message
  ----     ------     ----  ----     -------
  Warning  Evicted    12m   kubelet  The node was low on resource: ephemeral-storage.
  Normal   Killing    12m   kubelet  Stopping container web
`,
  journald: `-- Logs begin at Mon 2021-11-15 08:00:01 UTC, end at Tue 2021-11-16 09:30:12 UTC. --
Nov 16 09:12:40 ip-10-0-3-17 kubelet[2291]: I1116 09:12:40.112233    2291 eviction_manager.go:346] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"
Nov 16 09:12:40 ip-10-0-3-17 kubelet[2291]: I1116 09:12:40.118001    2291 container_gc.go:85] "Attempting to delete unused containers"
Nov 16 09:12:41 ip-10-0-3-17 kubelet[2291]: E1116 09:12:41.002113    2291 kubelet.go:1336] "Image garbage collection failed multiple times in a row" err="failed to garbage collect required amount of images. Wanted to free 2147483648 bytes, but freed 0 bytes"
Nov 16 09:12:44 ip-10-0-3-17 kubelet[2291]: I1116 09:12:44.515790    2291 eviction_manager.go:368] "Eviction manager: pods ranked for eviction" pods=[shop/web-7f9c6d5b8-2xkqp]
`,
  klog: `I1116 09:12:40.112233       1 leaderelection.go:248] attempting to acquire leader lease kube-system/kube-scheduler...
E1116 09:12:41.002113       1 reflector.go:138] k8s.io/client-go/informers/factory.go:134: Failed to watch *v1.Pod: failed to list *v1.Pod: Get "https://10.0.0.1:443/api/v1/pods": dial tcp 10.0.0.1:443: i/o timeout
W1116 09:12:42.000001       1 authentication.go:337] Error looking up in-cluster authentication configuration
`,
  jenkins: `Started by upstream project "shop/main" build number 2291
Running in Durability level: MAX_SURVIVABILITY
[Pipeline] Start of Pipeline
[Pipeline] node
Running on build-agent-07 in /home/jenkins/workspace/shop_main
[Pipeline] {
[Pipeline] stage
[Pipeline] { (Build)
[Pipeline] sh
+ docker build -t registry.example.com/shop/web:4.2.1 .
failed to register layer: Error processing tar file(exit status 1): write /app/node_modules/.cache/x: no space left on device
[Pipeline] }
`,
  'kubectl-get': `NAMESPACE     NAME                              READY   STATUS                   RESTARTS   AGE
kube-system   coredns-558bd4d5db-8q7xw          1/1     Running                  0          41d
shop          web-7f9c6d5b8-2xkqp               0/1     Evicted                  0          12m
shop          web-7f9c6d5b8-9dd2l               0/1     ContainerStatusUnknown   1          13m
shop          web-7f9c6d5b8-tn7vs               1/1     Running                  0          2m
`,
  dmesg: `[Tue Nov 16 09:12:30 2021] Memory cgroup out of memory: Killed process 4242 (java) total-vm:8123456kB, anon-rss:2097152kB
[Tue Nov 16 09:12:30 2021] oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB
[Tue Nov 16 09:12:31 2021] IPv6: ADDRCONF(NETDEV_CHANGE): cali3f1e2d4c5b6: link becomes ready
`,
  logrus: `time="2021-11-16T09:12:40.112233Z" level=info msg="starting containerd" revision=1.4.6 version=1.4.6
time="2021-11-16T09:12:41.002113Z" level=error msg="failed to pull image" error="no space left on device" image="registry.example.com/shop/web:4.2.1"
`,
  cri: `2021-11-16T09:12:40.112233445Z stdout F Listening on :8080
2021-11-16T09:12:41.002113000Z stderr F panic: runtime error: invalid memory address or nil pointer dereference
2021-11-16T09:12:41.002113100Z stderr F [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b2f3a]
`,
  'docker-json': `{"log":"Listening on :8080\\n","stream":"stdout","time":"2021-11-16T09:12:40.112233445Z"}
{"log":"Error: ENOSPC: no space left on device, write\\n","stream":"stderr","time":"2021-11-16T09:12:41.002113Z"}
`,
  'journald-json': `{"__REALTIME_TIMESTAMP":"1637053960112233","_SYSTEMD_UNIT":"kubelet.service","SYSLOG_IDENTIFIER":"kubelet","PRIORITY":"6","MESSAGE":"I1116 09:12:40.112233 2291 eviction_manager.go:346] attempting to reclaim"}
{"__REALTIME_TIMESTAMP":"1637053961002113","_SYSTEMD_UNIT":"kubelet.service","SYSLOG_IDENTIFIER":"kubelet","PRIORITY":"3","MESSAGE":"E1116 09:12:41.002113 2291 kubelet.go:1336] Image garbage collection failed"}
`,
  'github-actions': `2024-05-01T10:00:01.2345678Z ##[group]Run make test
2024-05-01T10:00:01.2346011Z make test
2024-05-01T10:00:01.2346402Z shell: /usr/bin/bash -e {0}
2024-05-01T10:00:01.2346710Z ##[endgroup]
2024-05-01T10:00:09.8810234Z ##[error]Process completed with exit code 2.
`,
  'gitlab-ci': `Running with gitlab-runner 16.11.0 (91a27b2a)
  on shared-runner-3 t3_Hk9vQ, system ID: s_0c1d2e3f4a5b
Preparing the "docker" executor
Using Docker executor with image python:3.12 ...
Executing "step_script" stage of the job script
$ pytest -q
ERROR: Job failed: exit code 1
`,
  'json-lines': `{"level":"info","ts":1714557600.1234,"logger":"setup","msg":"starting manager"}
{"level":"error","ts":1714557601.5521,"msg":"Reconciler error","controller":"certificate","error":"context deadline exceeded"}
`,
  syslog: `<30>1 2021-11-16T09:12:40.112233+00:00 ip-10-0-3-17 kubelet 2291 - - attempting to reclaim ephemeral-storage
<27>1 2021-11-16T09:12:41.002113+00:00 ip-10-0-3-17 kubelet 2291 - - Image garbage collection failed multiple times in a row
`,
  helm: `[debug] Created tunnel using local port: '41223'
[debug] SERVER: "127.0.0.1:41223"
[debug] Fetched shop/web to /home/ci/.helm/cache/archive/web-4.2.1.tgz
Error: UPGRADE FAILED: timed out waiting for the condition
`,
  plain: `2021-11-16 09:12:40,112 INFO  [main] c.e.shop.Application - Starting Application v4.2.1
2021-11-16 09:12:41,002 ERROR [main] o.s.boot.SpringApplication - Application run failed
java.lang.IllegalStateException: Failed to execute CommandLineRunner
	at org.springframework.boot.SpringApplication.callRunner(SpringApplication.java:787)
	at org.springframework.boot.SpringApplication.run(SpringApplication.java:315)
Caused by: java.net.ConnectException: Connection refused
	... 5 common frames omitted
`,
};

/** Files people edit that are not logs: none of these may be flooded with findings. */
const NOT_LOGS: Record<string, string> = {
  'a Deployment manifest': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/web:4.2.1
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
`,
  'a Pod manifest as kubectl get -o yaml writes it': `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2021-11-16T09:00:12Z"
  name: web-7f9c6d5b8-2xkqp
  namespace: shop
status:
  message: 'The node was low on resource: ephemeral-storage.'
  phase: Failed
  reason: Evicted
  startTime: "2021-11-16T09:12:44Z"
`,
  'a Helm values file': `replicaCount: 3
image:
  repository: registry.example.com/shop/web
  tag: "4.2.1"
  pullPolicy: IfNotPresent
service:
  type: ClusterIP
  port: 80
`,
  'a GitHub Actions workflow': `name: CI
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm test
`,
  'a shell script': `#!/usr/bin/env bash
set -euo pipefail
# Collect what a postmortem needs from a node.
NODE="\${1:?usage: collect.sh NODE}"
kubectl describe node "$NODE" > "describe-$NODE.txt"
journalctl -u kubelet --since "2 hours ago" > kubelet.journal.log
for pod in $(kubectl get pods -A --field-selector spec.nodeName="$NODE" -o name); do
  kubectl logs "$pod" --all-containers > "$(basename "$pod").log" || echo "no logs for $pod" >&2
done
echo "done"
`,
  'a package.json': `{
  "name": "shop-web",
  "version": "4.2.1",
  "scripts": {
    "start": "node server.js",
    "test": "mocha"
  },
  "dependencies": {
    "express": "^4.17.1"
  }
}
`,
  'a JSON API response': `{"apiVersion":"v1","items":[{"kind":"Pod","metadata":{"name":"web-7f9c6d5b8-2xkqp","namespace":"shop"},"status":{"phase":"Failed","reason":"Evicted"}}],"kind":"List"}
`,
  'a Markdown runbook with a log excerpt': `# Runbook: node disk pressure

When a node reports \`DiskPressure\`, the kubelet evicts pods. First look at what it says:

\`\`\`
Nov 16 09:12:41 ip-10-0-3-17 kubelet[2291]: E1116 09:12:41.002113    2291 kubelet.go:1336] "Image garbage collection failed"
\`\`\`

## Steps

1. Find the node: \`kubectl get nodes\`.
2. Check its disk: \`df -h /var/lib/containerd\`.
3. Prune images: \`crictl rmi --prune\`.

See the [eviction docs](https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/) for thresholds.
`,
  'a Go source file with a log line in a string': `package main

import "log"

const sample = \`I1116 09:12:40.112233       1 leaderelection.go:248] attempting to acquire leader lease\`

func main() {
	if err := run(); err != nil {
		log.Fatalf("run: %v", err)
	}
}
`,
};

describe('core: does a text look like a log (sniffLog)', () => {
  it('recognises a pasted head of every kind, naming the kind', () => {
    const wrong: string[] = [];
    for (const [kind, head] of Object.entries(HEADS)) {
      const s = sniffLog(head);
      if (!s.isLog || s.kind !== kind) wrong.push(`${kind}: isLog=${s.isLog} kind=${s.kind} confidence=${s.confidence.toFixed(2)}`);
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(
      LOG_KINDS.filter((k) => !(k in HEADS)),
      [],
      'a kind without a head here',
    );
  });

  it('recognises every grammar fixture', () => {
    const missed: string[] = [];
    for (const kind of readdirSync(FIXTURES)) {
      for (const f of readdirSync(join(FIXTURES, kind)).filter((n) => n.endsWith('.log'))) {
        const s = sniffLog(readFileSync(join(FIXTURES, kind, f), 'utf8'));
        if (!s.isLog) missed.push(`${kind}/${f} (${s.confidence.toFixed(2)}, ${s.anchored} anchored of ${s.lines})`);
      }
    }
    // The old `kubectl get events` layout has no header a grammar is sure of; a CI job copied from its
    // web page keeps few of the runner's own lines (stamps and markers are gone), the rest is the tools' output.
    assert.deepEqual(missed, [
      'github-actions/copied-web-view.log (0.23, 5 anchored of 22)',
      'gitlab-ci/copied-job-page.log (0.47, 7 anchored of 17)',
      'kubectl-get/get-events-old-layout.log (0.20, 1 anchored of 5)',
    ]);
  });

  it("recognises the example incidents' outputs saved as .txt, whatever their name", () => {
    const txt = readdirSync(join(ROOT, 'examples')).flatMap((d) =>
      readdirSync(join(ROOT, 'examples', d))
        .filter((f) => f.endsWith('.txt'))
        .map((f) => join(ROOT, 'examples', d, f)),
    );
    assert.ok(txt.length >= 6, txt.join(', '));
    for (const f of txt) assert.ok(looksLikeLog(readFileSync(f, 'utf8')), f);
  });

  it('does not take manifests, scripts, JSON, Markdown or code for a log', () => {
    const flooded = Object.entries(NOT_LOGS)
      .filter(([, text]) => looksLikeLog(text))
      .map(([what, text]) => `${what}: ${JSON.stringify(sniffLog(text))}`);
    assert.deepEqual(flooded, []);
  });

  it('does not take the catalogue, the docs or the example READMEs for logs, though they quote log lines', () => {
    const files = [
      ...readdirSync(join(ROOT, 'patterns'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(ROOT, 'patterns', f)),
      ...readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(ROOT, 'docs', f)),
      ...readdirSync(join(ROOT, 'examples')).map((d) => join(ROOT, 'examples', d, 'README.md')),
      join(ROOT, 'README.md'),
      join(ROOT, 'package.json'),
      join(ROOT, 'tsconfig.json'),
      join(ROOT, 'scripts', 'vscode', 'install-code-server.sh'),
      join(ROOT, 'test', 'unit', 'core', 'engine.test.ts'),
    ];
    assert.ok(files.length > 40, `only ${files.length} files`);
    const flooded = files.filter((f) => looksLikeLog(readFileSync(f, 'utf8'))).map((f) => f.slice(ROOT.length + 1));
    assert.deepEqual(flooded, []);
  });

  it('reads only the head, and reports how sure it is', () => {
    const journal = HEADS.journald as string;
    const s = sniffLog(journal);
    assert.equal(s.confidence, 1);
    assert.equal(s.lines, 5);
    assert.equal(s.anchored, 5);
    // A log followed by megabytes of anything else is still judged by its head.
    assert.ok(looksLikeLog(journal.repeat(60) + 'x: y\n'.repeat(200_000)));
    // A manifest with a log excerpt appended far below the head stays a manifest.
    assert.ok(!looksLikeLog((NOT_LOGS['a Deployment manifest'] as string).repeat(20) + journal));
    assert.deepEqual(sniffLog(''), { isLog: false, confidence: 0, kind: undefined, lines: 0, anchored: 0 });
  });

  it('takes a single anchored line for a log, a single weak line not', () => {
    assert.ok(looksLikeLog('Nov 16 09:12:41 ip-10-0-3-17 kubelet[2291]: E1116 09:12:41.002113 2291 kubelet.go:1336] "Image garbage collection failed"'));
    assert.ok(!looksLikeLog('Status:           Failed'));
    assert.ok(!looksLikeLog('hello world'));
  });

  it('reads CRLF line ends like LF', () => {
    const crlf = (HEADS['kubectl-describe'] as string).replace(/\n/g, '\r\n');
    assert.deepEqual(sniffLog(crlf), sniffLog(HEADS['kubectl-describe'] as string));
  });
});
