import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { visibleControls } from '../../../src/core';
import { cli as runCliWith } from './runCli';

const cli = (args: string[], isTTY: boolean) => runCliWith(args, { isTTY, stderrIsTTY: isTTY });

const ESC = '\x1b';
/** Our own colours are the only escapes text output may hold. */
const OWN_SGR = /\x1b\[(?:31|33|36|2|1|0|35)m/g;

describe('cli: what a log says never drives the terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pml-esc-'));
  const log = join(dir, 'kubelet.log');
  // A matched line (no space left) and an unmatched error line, each carrying hostile sequences:
  // an OSC 8 hyperlink, an OSC 0 window title, clear screen, a right-to-left override that would
  // reorder it, and a bare CR that would overwrite the line (read as a line end, as an editor does).
  writeFileSync(
    log,
    [
      `E0413 10:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/x: no space left on device ${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\ ${ESC}[2J`,
      `E0413 10:15:03.123456    1234 server.go:42] failed to sync widget ${ESC}]0;pwned${'\x07'} done \u202Egnp.exe\roverwritten`,
      '',
    ].join('\n'),
  );

  for (const tty of [false, true]) {
    it(`shows control characters visibly in text output (${tty ? 'on a terminal, with colours' : 'piped, no colours'})`, async () => {
      const { code, out } = await cli(['diagnose', log], tty);
      assert.equal(code, 0);
      assert.ok(out.includes('no space left on device'), out);
      const rest = out.replace(OWN_SGR, '');
      assert.ok(!rest.includes(ESC), 'an escape from the log reached the output');
      assert.ok(!/[\r\x07\u202E]/.test(rest), 'a CR, BEL or bidi override reached the output');
      assert.ok(out.includes('^[]8;;https://evil.example/'), 'the OSC 8 link is shown as text');
      assert.ok(out.includes('<U+202E>'), 'the bidi override is shown as text');
      if (tty) assert.ok(OWN_SGR.test(out), 'colours stay on a terminal');
    });
  }

  it('shows them in messages on stderr too (a file name from the command line)', async () => {
    const { code, err } = await cli(['diagnose', join(dir, `missing${ESC}[2J.log`)], false);
    assert.equal(code, 2);
    assert.ok(err.includes('missing^[[2J.log'), err);
    assert.ok(!err.includes(ESC));
  });

  it('maps each kind of control character to a visible form, keeping tab and newline', () => {
    assert.equal(visibleControls('a\tb\nc\rd\x00e\x7f\x9b\u200f'), 'a\tb\nc^Md^@e^?M-^[<U+200F>');
    assert.equal(visibleControls(`${ESC}[31mred${ESC}[0m ${ESC}[2J`, [`${ESC}[31m`, `${ESC}[0m`]), `${ESC}[31mred${ESC}[0m ^[[2J`);
  });
});
