/**
 * Text that arrives escaped (klog's `err="..."`, a JSON string, an API error body) is read through
 * once, in verification, for every signature: the rule written for the words a person reads matches,
 * and its captures are the unescaped values.
 */
import { strict as assert } from 'node:assert';
import { diagnoseTexts } from '../../../src/core';
import { unescaped } from '../../../src/core/match/verify';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const find = (text: string, id: string) => diagnoseTexts(cat, [{ name: 'x', text }], { defaultYear: 2024 }).findings.find((f) => f.signatureId === id);

describe('escaped text read through', () => {
  it('reads one level of escapes: quotes, backslashes, \\uXXXX, \\n and \\t; nothing when there is none', () => {
    assert.equal(unescaped('failed for volume \\"data\\": err \\u003e 3\\tnext\\nline \\\\ end'), 'failed for volume "data": err > 3 next line \\ end');
    assert.equal(unescaped('no escapes here'), undefined);
    assert.equal(unescaped('a lone \\ backslash and C:\\path'), undefined);
  });

  it('captures the volume inside klog err="..." (the quotes escaped), not only the words around it', () => {
    const line =
      'Jun 14 19:34:44 worker-1 kubelet[8529]: E0614 19:34:44.845970    8529 nestedpendingoperations.go:267] Operation for "{volumeName:kubernetes.io/secret/4b1c-default-token-x7 podName:4b1c}" failed. No retries permitted until 2018-06-14 19:36:46 (durationBeforeRetry 2m2s). Error: "UnmountVolume.TearDown failed for volume \\"default-token-x7\\" (UniqueName: \\"kubernetes.io/secret/4b1c-default-token-x7\\") pod \\"4b1c\\" (UID: \\"4b1c\\") : remove /var/lib/kubelet/pods/4b1c/volumes/kubernetes.io~secret/default-token-x7: device or resource busy"';
    const f = find(line, 'volume-unmount-failure');
    assert.ok(f, 'found');
    assert.equal(f.occurrences[0].captures.volume, 'default-token-x7');
  });

  it('finds a failure quoted in a JSON string of an API error body, twice escaped', () => {
    // A controller logging a JSON body that holds the kubelet's event message.
    const line =
      '{"level":"error","ts":1718000000,"msg":"sync failed","body":"{\\"message\\":\\"Failed to pull image \\\\\\"registry.local/app:1.2\\\\\\": rpc error: code = NotFound desc = manifest unknown\\"}"}';
    const f = find(line, 'image-pull-failure');
    assert.ok(f, 'found');
    assert.equal(f.occurrences[0].captures.image, 'registry.local/app:1.2');
  });

  it('leaves healthy escaped text alone', () => {
    const line =
      'I0614 19:34:44.000000    8529 reconciler.go:196] "operationExecutor.UnmountVolume started for volume \\"default-token-x7\\" (UniqueName: \\"kubernetes.io/secret/4b1c-default-token-x7\\") pod \\"4b1c\\""';
    assert.equal(find(line, 'volume-unmount-failure'), undefined);
  });
});
