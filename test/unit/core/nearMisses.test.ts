/**
 * False alarms found in real logs, each closed for its whole class: lines of the same class (not the
 * signature's own noMatch examples, which validate checks) stay unfound by the wrong signature, the
 * right signature still finds them where the catalogue has one, and the signature's true lines are
 * still found (the fix narrowed the rule, it did not blind it).
 */
import { strict as assert } from 'node:assert';
import { diagnoseTexts } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const found = (line: string): string[] =>
  diagnoseTexts(shippedCatalogue(), [{ name: 'near-miss.log', text: line + '\n' }], { defaultYear: 2024 }).findings.map((f) => f.signatureId);

interface Case {
  line: string;
  not: string;
  but?: string;
}

function check(cases: Case[], still: { line: string; id: string }[]): void {
  for (const c of cases) {
    const ids = found(c.line);
    assert.ok(!ids.includes(c.not), `${c.not} found in ${JSON.stringify(c.line)}`);
    if (c.but) assert.ok(ids.includes(c.but), `${c.but} not found in ${JSON.stringify(c.line)} (found: ${ids.join(', ') || 'nothing'})`);
  }
  for (const s of still) assert.ok(found(s.line).includes(s.id), `${s.id} no longer found in ${JSON.stringify(s.line)}`);
}

describe('near-misses: false alarms closed for their class', () => {
  it('a Google API 403 for a quota or limit is not a cloud auth failure', () => {
    check(
      [
        // The in-tree GCE attacher: the operation's error code before the message.
        {
          line: 'E0611 10:02:03.000001       1 attacher.go:93] Error attaching PD "pvc-1c2d" to node "gke-pool-1-a": googleapi: Error 403: LIMIT_EXCEEDED - Exceeded limit \'maximum_persistent_disks\' on resource \'gke-pool-1-a\'. Limit: 128.0',
          not: 'cloud-provider-auth-failure',
          but: 'node-volume-attach-limit',
        },
        // A project quota (the reason after the comma), as the autoscaler or a node pool resize reports it.
        { line: "googleapi: Error 403: Quota 'CPUS' exceeded.  Limit: 24.0 in region us-central1., quotaExceeded", not: 'cloud-provider-auth-failure' },
        { line: 'googleapi: Error 403: Rate Limit Exceeded, userRateLimitExceeded', not: 'cloud-provider-auth-failure' },
      ],
      [
        {
          line: 'E0611 10:02:03.000001       1 gce_instances.go:210] googleapi: Error 403: The caller does not have permission, forbidden',
          id: 'cloud-provider-auth-failure',
        },
        {
          line: "googleapi: Error 403: Required 'compute.disks.create' permission for 'projects/prod/zones/us-central1-a/disks/pvc-9', forbidden",
          id: 'cloud-provider-auth-failure',
        },
      ],
    );
  });

  it("the API server's TooManyRequests is not a registry rate limit", () => {
    check(
      [
        {
          line: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server has received too many requests and has asked us to try again later","reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429}',
          not: 'image-pull-failure',
          but: 'apiserver-too-many-requests',
        },
        {
          line: 'error: unable to upgrade connection: Error from server (TooManyRequests): the server has received too many requests and has asked us to try again later',
          not: 'image-pull-failure',
          but: 'apiserver-too-many-requests',
        },
      ],
      [
        {
          line: 'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
          id: 'image-pull-failure',
        },
        {
          line: 'ERROR: failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/node/manifests/sha256:4c1f: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.',
          id: 'image-pull-failure',
        },
      ],
    );
  });

  it('a volume the pod asked to mount read-only is not a read-only file system failure', () => {
    check(
      [
        {
          line: 'W1228 09:28:39.095703     678 operation_generator.go:2086] MountVolume.NodeExpandVolume failed for volume "pv0003" (UniqueName: "kubernetes.io/csi/nfs.csi.k8s.io^share-1") pod "task-pv-pod" (UID: "0f4e2b7c-8a1d-4c55-9a3e-2d6b1f0c7e91") requested read-only file system',
          not: 'filesystem-read-only',
        },
        {
          line: 'default   3m   Warning   FileSystemResizeFailed   pod/reports-0   MountVolume.NodeExpandVolume failed for volume "pvc-0b3e" requested read-only file system',
          not: 'filesystem-read-only',
        },
      ],
      [
        { line: "OSError: [Errno 30] Read-only file system: '/data/cache/index.db'", id: 'filesystem-read-only' },
        { line: 'java.io.FileNotFoundException: /var/log/app/app.log (Read-only file system)', id: 'filesystem-read-only' },
      ],
    );
  });

  it('a claim described as Bound is over its earlier ProvisioningFailed; a Pending one is not', () => {
    const describe = (status: string): string =>
      [
        'Name:           cephrbdprovisioner',
        'Namespace:      default',
        'StorageClass:   cephrbdprovisioner',
        `Status:         ${status}`,
        'Events:',
        '  Type     Reason              Age   From                         Message',
        '  ----     ------              ----  ----                         -------',
        '  Warning  ProvisioningFailed  33m   persistentvolume-controller  Failed to provision volume with StorageClass "cephrbdprovisioner": rbd: create volume failed, err: exit status 1',
      ].join('\n');
    assert.ok(!found(describe('Bound')).includes('pvc-provisioning-failed'));
    assert.ok(found(describe('Pending')).includes('pvc-provisioning-failed'));
  });
});
