import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { continuationShape } from '../../../grammars/common/multiLine';
import { kindOfCommand, promptCommand } from '../../../grammars/common/shellPrompt';
import { journaldGrammar } from '../../../grammars/journald';
import { syslogGrammar } from '../../../grammars/syslog';

const events = (text: string, format = journaldGrammar) => assembleEvents(text.trimEnd().split('\n'), format, newContext(2021));

// kubelet 1.27+ writes a multi-line error value as `err=<` ... ` >`; journald stores each line as its own entry.
const KLOG_BLOCK = `Nov 23 08:01:41 node-1 kubelet[3121]: E1123 08:01:41.831293    3121 kubelet.go:1347] "Image garbage collection failed multiple times in a row" err=<
Nov 23 08:01:41 node-1 kubelet[3121]:         failed to garbage collect required amount of images.
Nov 23 08:01:41 node-1 kubelet[3121]:         Wanted to free 4305076224 bytes, but freed 0 bytes
Nov 23 08:01:41 node-1 kubelet[3121]:  >
Nov 23 08:01:42 node-1 kubelet[3121]: I1123 08:01:42.000000    3121 kubelet.go:2156] "SyncLoop (housekeeping)"`;

const GO_PANIC = `Nov 23 08:01:43 node-1 containerd[811]: panic: runtime error: invalid memory address or nil pointer dereference
Nov 23 08:01:43 node-1 containerd[811]: [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x55d2]
Nov 23 08:01:43 node-1 containerd[811]:
Nov 23 08:01:43 node-1 containerd[811]: goroutine 412 [running]:
Nov 23 08:01:43 node-1 containerd[811]: github.com/containerd/containerd/snapshots/overlay.(*snapshotter).Remove(0xc0001a2000)
Nov 23 08:01:43 node-1 containerd[811]:         /go/src/github.com/containerd/containerd/snapshots/overlay/overlay.go:300 +0x1d
Nov 23 08:01:43 node-1 systemd[1]: containerd.service: Main process exited, code=exited, status=2/INVALIDARGUMENT`;

describe('multi-line messages written one entry per line', () => {
  it('joins a klog err=< block that journald split into entries into one event', () => {
    const evs = events(KLOG_BLOCK);
    assert.deepEqual(
      evs.map((e) => [e.line, e.endLine]),
      [
        [1, 4],
        [5, 5],
      ],
    );
    assert.match(
      evs[0].message,
      /^Image garbage collection failed multiple times in a row err=<\n\s+failed to garbage collect required amount of images\.\n\s+Wanted to free 4305076224 bytes/,
    );
    assert.equal(evs[0].severity, 'error');
  });

  it('joins a Go panic and its goroutine dump, and stops at another process', () => {
    const evs = events(GO_PANIC);
    assert.deepEqual(
      evs.map((e) => [e.line, e.endLine, e.source]),
      [
        [1, 6, 'containerd'],
        [7, 7, 'systemd'],
      ],
    );
  });

  it('keeps entries apart when another process, another second or a line of its own comes between', () => {
    const lines = [
      'Nov 23 08:01:41 node-1 kubelet[3121]: E1123 08:01:41.831293    3121 kubelet.go:1347] "Image garbage collection failed" err=<',
      'Nov 23 08:01:41 node-1 dockerd[900]:         indented, but another process',
      'Nov 23 08:01:43 node-1 kubelet[3121]:         indented, but two seconds later',
      'Nov 23 08:01:43 node-1 kubelet[3121]: main.main()',
      'Nov 23 08:01:43 node-1 kubelet[3121]: I1123 08:01:43.100000    3121 kubelet.go:2156] a klog header is always a new event',
    ].join('\n');
    // `main.main()` looks like a Go frame but no trace is open: its own event.
    assert.deepEqual(
      events(lines).map((e) => [e.line, e.endLine]),
      [
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    );
  });

  it('joins syslog (RFC 3164) entries the same way, not RFC 5424 records', () => {
    const rsyslog = KLOG_BLOCK.split('\n').slice(0, 4).join('\n');
    assert.deepEqual(
      events(rsyslog, syslogGrammar).map((e) => [e.line, e.endLine]),
      [[1, 4]],
    );
    const rfc5424 =
      '<165>1 2021-04-13T10:15:02.003Z node-1 kubelet 3121 - - first\n<165>1 2021-04-13T10:15:02.004Z node-1 kubelet 3121 - -     indented record';
    assert.deepEqual(
      events(rfc5424, syslogGrammar).map((e) => [e.line, e.endLine]),
      [
        [1, 1],
        [2, 2],
      ],
    );
  });

  it('names the shape of a next line', () => {
    assert.equal(continuationShape('        Wanted to free 1 bytes'), 'indent');
    assert.equal(continuationShape(' >'), 'indent');
    assert.equal(continuationShape(''), 'blank');
    assert.equal(continuationShape('goroutine 1 [running]:'), 'frame');
    assert.equal(continuationShape('created by k8s.io/kubernetes/pkg/kubelet.(*Kubelet).Run'), 'frame');
    assert.equal(continuationShape('Caused by: java.io.IOException: No space left on device'), 'frame');
    assert.equal(continuationShape('Started Kubernetes Kubelet.'), undefined);
  });
});

describe('shell prompts', () => {
  it('recognises prompts people paste, with the command typed', () => {
    assert.equal(promptCommand('user@bastion:~$ journalctl -u kubelet --since "1 hour ago"'), 'journalctl -u kubelet --since "1 hour ago"');
    assert.equal(promptCommand('root@aks-nodepool1-2:/# dmesg -T | tail -50'), 'dmesg -T | tail -50');
    assert.equal(promptCommand('[root@node-1 ~]# crictl logs 3f0c'), 'crictl logs 3f0c');
    assert.equal(promptCommand('(venv) seth@laptop:~/incident$ kubectl get pods -A'), 'kubectl get pods -A');
    assert.equal(promptCommand('PS C:\\Users\\sre> kubectl describe node aks-nodepool1-2'), 'kubectl describe node aks-nodepool1-2');
    assert.equal(promptCommand('$ kubectl -n ci logs jenkins-agent-x2x7q'), 'kubectl -n ci logs jenkins-agent-x2x7q');
    assert.equal(promptCommand('$ sudo journalctl -u containerd'), 'sudo journalctl -u containerd');
    assert.equal(promptCommand('# kubectl describe node worker-1'), 'kubectl describe node worker-1');
    assert.equal(promptCommand('% docker logs registry'), 'docker logs registry');
  });

  it('leaves CI step echoes, comments and log text alone', () => {
    for (const line of [
      '$ git clone --depth 1 https://github.com/olark/widget-assets.git vendor/', // GitLab runner
      '$ docker run -t -d -u 1000:1000 -w /ws maven:3 cat', // Jenkins docker-workflow
      '# kops-bastion (ops@bastion.qa), Wed 20 Nov 2019 07:41 UTC',
      '# this comment mentions kubectl',
      ' > git --version # timeout=10',
      '+ kubectl apply -f deploy.yaml',
      'Nov 23 08:01:41 node-1 kubelet[3121]: I1123 08:01:41.757293    3121 kubelet.go:1] $ kubectl',
      'mail from user@example.com: $ 5 refund',
    ])
      assert.equal(promptCommand(line), undefined, line);
  });

  it('reads the kind the command prints, when it names one', () => {
    assert.equal(kindOfCommand('kubectl describe pod web-1'), 'kubectl-describe');
    assert.equal(kindOfCommand('kubectl -n kube-system --context prod describe node x | grep -A8 Conditions'), 'kubectl-describe');
    assert.equal(kindOfCommand('kubectl get pods -A -o wide'), 'kubectl-get');
    assert.equal(kindOfCommand('kubectl get pods -o yaml'), undefined);
    assert.equal(kindOfCommand('sudo journalctl -u kubelet --since "08:00"'), 'journald');
    assert.equal(kindOfCommand('journalctl -u kubelet -o json'), 'journald-json');
    assert.equal(kindOfCommand('journalctl -u kubelet -o cat'), undefined);
    assert.equal(kindOfCommand('dmesg -T'), 'dmesg');
    assert.equal(kindOfCommand('kubectl logs web-1 --previous'), undefined);
  });
});
