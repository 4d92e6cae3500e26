/**
 * Hostile and odd bytes (issue 8): every encoding is read whole, in any chunking, and line numbers
 * stay those an editor shows. Inputs are built here: a kubelet journal of our own, re-encoded.
 */
import { strict as assert } from 'node:assert';
import { diagnoseStreams, diagnoseTexts, decodeBytes, type Diagnosis } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
/** A block smaller than the inputs, so every input spans several blocks. */
const BLOCK = 64 * 1024;

const FILLER = (i: number): string =>
  `Mar  2 04:1${i % 10}:0${i % 10} node-7 kubelet[2211]: I0302 04:10:00.000000    2211 reconciler.go:${i}] "operationExecutor.VerifyControllerAttachedVolume started" pod="shop/cart-${i}"`;
const DISK =
  'Mar  2 04:17:44 node-7 kubelet[2211]: E0302 04:17:44.512093    2211 kuberuntime_manager.go:815] createPodSandbox for pod "cart-0_shop(77ab)" failed: mkdir /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/981: no space left on device';

/** A journal of `n` lines whose finding is on 1-based line `at`, with line ends `eol`. */
function journal(n: number, at: number, eol = '\n'): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(i === at ? DISK : FILLER(i));
  return lines.join(eol) + eol;
}

/** Diagnose bytes fed in chunks of `chunk` bytes (odd sizes split characters and CRLFs). */
async function read(bytes: Buffer, chunk = 65_537): Promise<Diagnosis> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return diagnoseStreams(cat, [{ name: 'in.log', chunks }], { defaultYear: 2026, blockSize: BLOCK });
}

const diskLine = (d: Diagnosis): number[] => d.findings.find((f) => f.signatureId === 'no-space-left-on-device')?.occurrences.map((o) => o.line) ?? [];
const notices = (d: Diagnosis): string => d.inputs[0].notices.map((n) => `${n.level}: ${n.message}`).join('\n');

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) {
    const t = le[i];
    le[i] = le[i + 1];
    le[i + 1] = t;
  }
  return le;
}

describe('encodings and line ends of streamed inputs', () => {
  // 3,000 lines of ~170 characters: ~1 MiB as UTF-16, many blocks and chunks.
  const text = journal(3000, 2750);

  const cases: { what: string; bytes: Buffer; says: RegExp }[] = [
    {
      what: 'UTF-16 LE with a BOM',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      says: /UTF-16 LE \(byte order mark found\)/,
    },
    { what: 'UTF-16 BE with a BOM', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), says: /UTF-16 BE \(byte order mark found\)/ },
    { what: 'UTF-16 LE without a BOM', bytes: Buffer.from(text, 'utf16le'), says: /UTF-16 LE \(no byte order mark/ },
    { what: 'UTF-16 BE without a BOM', bytes: utf16be(text), says: /UTF-16 BE \(no byte order mark/ },
  ];
  for (const c of cases) {
    it(`${c.what}, larger than a block, is transcoded whole`, async () => {
      assert.ok(c.bytes.length > 8 * BLOCK);
      for (const chunk of [65_537, 4093, 1]) {
        if (chunk === 1 && c.bytes.length > 200_000) continue;
        const d = await read(c.bytes, chunk);
        assert.equal(d.inputs[0].lines, 3000, `${chunk}-byte chunks`);
        assert.deepEqual(diskLine(d), [2750]);
        assert.match(notices(d), c.says);
        assert.doesNotMatch(notices(d), /binary|invalid UTF-8/);
      }
    });
  }

  it('a short UTF-16 input, fed byte by byte, is read the same', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(journal(5, 4), 'utf16le')]);
    const d = await read(bytes, 1);
    assert.equal(d.inputs[0].lines, 5);
    assert.deepEqual(diskLine(d), [4]);
  });

  it('Latin-1 text that starts with the bytes FF FE is Latin-1, not UTF-16', async () => {
    // "ÿþ" then a journal with accented pod names, in ISO-8859-1.
    const latin = Buffer.from('ÿþ état initial\n' + journal(40, 30).replace(/cart-/g, 'caféé-'), 'latin1');
    const d = await read(latin);
    assert.equal(d.inputs[0].lines, 41);
    assert.deepEqual(diskLine(d), [31]);
    assert.match(notices(d), /Latin-1 .*starts with the bytes FF FE, but what follows is not UTF-16/);
    assert.doesNotMatch(notices(d), /UTF-16 LE|U\+FFFD/);
    assert.ok(decodeBytes(latin).text.startsWith('ÿþ état initial\n'));
  });

  it('UTF-8 with one broken byte stays UTF-8 (the byte is U+FFFD, and said so)', async () => {
    const bytes = Buffer.concat([Buffer.from('pod "café-1" Zürich\n'), Buffer.from([0xe9, 0x0a]), Buffer.from(journal(3, 2))]);
    const d = await read(bytes);
    assert.deepEqual(diskLine(d), [4]);
    assert.match(notices(d), /invalid UTF-8/);
    assert.doesNotMatch(notices(d), /Latin-1/);
  });

  it('CR-only line ends are lines, also when a chunk ends between CR and LF of a CRLF file', async () => {
    const cr = await read(Buffer.from(journal(2000, 1999, '\r')), 4093);
    assert.equal(cr.inputs[0].lines, 2000);
    assert.deepEqual(diskLine(cr), [1999]);
    const crlf = Buffer.from(journal(2000, 1999, '\r\n'));
    for (const chunk of [4093, 170, 171]) {
      const d = await read(crlf, chunk);
      assert.equal(d.inputs[0].lines, 2000, `${chunk}-byte chunks`);
      assert.deepEqual(diskLine(d), [1999]);
    }
    // Mixed, as a progress bar in a CI console writes it: each CR starts a line, as in the editor.
    const mixed = await read(Buffer.from(`Pulling 10%\rPulling 55%\rPulling 100%\n${DISK}\n`));
    assert.equal(mixed.inputs[0].lines, 4);
    assert.deepEqual(diskLine(mixed), [4]);
  });

  it('a 5 MiB line does not shift the numbers of the lines after it', async () => {
    const huge = 'Mar  2 04:17:00 node-7 app[1]: payload=' + 'x'.repeat(5 * 1024 * 1024);
    const bytes = Buffer.from([FILLER(1), huge, FILLER(3), DISK, FILLER(5), huge, DISK].join('\n') + '\n');
    const d = await read(bytes, 1 << 20);
    assert.equal(d.inputs[0].lines, 7);
    assert.deepEqual(diskLine(d), [4, 7]);
    assert.ok(
      d.inputs[0].notices.some((n) => /longer than/.test(n.message) && n.line === 2),
      notices(d),
    );
  });

  it('decodeBytes reads a whole buffer as the stream reader does', () => {
    const r = decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('a\rb\r\nc\n')]));
    assert.equal(r.text, 'a\nb\r\nc\n');
    assert.match(r.notices[0].message, /UTF-16 BE/);
    assert.equal(decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x61])).text, 'a');
    assert.equal(decodeBytes(Buffer.alloc(0)).text, '');
  });

  it("text decoded already (an editor document showing a UTF-16 file as NULs) is not guessed again: its lines stay the editor's", () => {
    // What an editor shows for UTF-16 LE it opened as UTF-8: every other character a NUL.
    const shown = Buffer.from(journal(30, 20), 'utf16le').toString('latin1');
    const editorLines = shown.split('\n').length; // the last line holds the LF's NUL
    const d = diagnoseTexts(cat, [{ name: 'doc', text: shown }], { defaultYear: 2026 });
    assert.equal(d.inputs[0].lines, editorLines);
    assert.doesNotMatch(notices(d), /UTF-16/);
    // The same bytes from a file are UTF-16.
    assert.match(decodeBytes(Buffer.from(journal(30, 20), 'utf16le')).notices[0].message, /UTF-16 LE/);
  });

  it('binary data (NULs) is not mistaken for UTF-16', async () => {
    const d = await read(Buffer.concat([Buffer.alloc(8192), Buffer.from(`\n${DISK}\n`)]));
    assert.doesNotMatch(notices(d), /UTF-16/);
    assert.match(notices(d), /binary data/);
    assert.deepEqual(diskLine(d), [2]);
  });
});
