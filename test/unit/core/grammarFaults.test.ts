import { strict as assert } from 'node:assert';
import { diagnoseTexts } from '../../../src/core';
import { IncrementalDocument } from '../../../src/core/engine/incremental';
import { grammarFaultNotice } from '../../../src/core/engine/grammarFaults';
import { addGrammarFaults, recordGrammarFault, takeGrammarFaults } from '../../../grammars/common/faults';
import { shippedCatalogue } from '../shippedCatalogue';

describe('grammar faults reach the user as an input notice', () => {
  beforeEach(() => takeGrammarFaults());

  it('says which grammar and entry point failed, on how many lines, what was done with them, and which line', () => {
    recordGrammarFault(
      'klog',
      'parseHead',
      new TypeError("Cannot read properties of undefined (reading 'image')"),
      'E0413 10:15:02.123456 1 kubelet.go:1] boom',
    );
    recordGrammarFault('klog', 'parseHead', new TypeError('again'), 'E0413 10:15:03.000000 1 kubelet.go:1] boom');
    recordGrammarFault('journal payload', 'readPayload', new RangeError('x'), 'time="2021" level=error');
    const notice = grammarFaultNotice()!;
    assert.equal(notice.level, 'warning');
    assert.match(
      notice.message,
      /on 3 lines, first klog parseHead: "Cannot read properties of undefined \(reading 'image'\)" on a line starting "E0413 10:15:02/,
    );
    assert.match(notice.message, /also in journal payload readPayload/);
    assert.match(notice.message, /kept whole as events of their own/);
    assert.equal(grammarFaultNotice(), undefined, 'a fault is reported once');
  });

  it('is added to the input summary of a diagnosis (CLI path) and of an open document (editor path)', () => {
    const text = 'E0413 10:15:02.123456    1234 kubelet.go:1] "Error syncing pod" err="x"\n';
    recordGrammarFault('klog', 'parseHead', new Error('boom'), 'E0413 line');
    const d = diagnoseTexts(shippedCatalogue(), [{ name: 'k.log', text }], { defaultYear: 2021 });
    assert.ok(d.inputs[0].notices.some((n) => n.message.includes('klog parseHead: "boom"')));
    assert.equal(takeGrammarFaults().total, 0);
    recordGrammarFault('jenkins', 'detect', new Error('bang'), '[Pipeline] x');
    const doc = new IncrementalDocument(shippedCatalogue(), 'untitled:1');
    const e = doc.analyze(text, 2021);
    assert.ok(e.inputs[0].notices.some((n) => n.message.includes('jenkins detect: "bang"') && n.message.includes('not counted as this format')));
  });

  it('counts the faults a worker thread sent back with its block as faults met here', () => {
    recordGrammarFault('klog', 'parseHead', new Error('here'), 'E0413 line');
    addGrammarFaults({ faults: [{ grammar: 'helm', entry: 'detect', message: 'there', line: 'Error: UPGRADE FAILED' }], total: 25 });
    const notice = grammarFaultNotice()!;
    assert.match(notice.message, /on 26 lines, first klog parseHead: "here".*\(also in helm detect\)/);
  });

  it('adds no notice when no grammar failed', () => {
    const d = diagnoseTexts(shippedCatalogue(), [{ name: 'k.log', text: 'E0413 10:15:02.123456 1 kubelet.go:1] x\n' }], { defaultYear: 2021 });
    assert.ok(!d.inputs[0].notices.some((n) => n.message.includes('internal error in a grammar')));
  });
});
