/** An error while one input is read names that input (issue 8: an internal error says what input caused it). */
import { strict as assert } from 'node:assert';
import { DiagnosisCancelled, diagnoseStreams, InputFailure } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const LINE = Buffer.from('E1121 03:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /x: no space left on device\n');

describe('InputFailure', () => {
  it('a source that fails mid-read is reported with its input, the error kept as it was', async () => {
    const eio = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', path: '/mnt/nfs/kubelet.log' });
    async function* broken() {
      yield LINE;
      throw eio;
    }
    const err = await diagnoseStreams(
      cat,
      [
        { name: 'ok.log', chunks: [LINE] },
        { name: '/mnt/nfs/kubelet.log', chunks: broken() },
      ],
      { defaultYear: 2026 },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof InputFailure);
    assert.equal(err.input, '/mnt/nfs/kubelet.log');
    assert.equal(err.error, eio);
    assert.equal(err.message, 'while reading /mnt/nfs/kubelet.log: Error: EIO: i/o error, read');
  });

  it('a cancellation stays a cancellation', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(diagnoseStreams(cat, [{ name: 'a.log', chunks: [LINE] }], { defaultYear: 2026, signal: abort.signal }), DiagnosisCancelled);
  });
});
