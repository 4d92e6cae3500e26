import { strict as assert } from 'node:assert';
import { unquoteGo } from '../../../grammars/common/goQuote';

// The one Go-unquote klog, logrus and (through them) journald and syslog payloads use.
describe('unquoteGo', () => {
  it('undoes the escapes strconv.Quote writes', () => {
    assert.equal(unquoteGo('"a\\tb\\n\\"c\\" \\\\ \\u00e9 \\x41"'), 'a\tb\n"c" \\ é A');
    assert.equal(unquoteGo('"bell\\a tab\\v feed\\f back\\b"'), 'bell\x07 tab\v feed\f back\b');
    assert.equal(unquoteGo('"emoji \\U0001F600 octal \\101"'), 'emoji \u{1F600} octal A');
  });

  it('tells a closing quote after an escaped backslash from an escaped quote', () => {
    // klog writes a Windows path as "C:\\dir\\" : the last quote closes the string.
    assert.equal(unquoteGo('"a\\tb\\u00e4\\\\"'), 'a\tb\u00e4\\');
    assert.equal(unquoteGo('"C:\\\\dir\\\\"'), 'C:\\dir\\');
    // A line cut right after an escaped quote: unterminated, the quote is text.
    assert.equal(unquoteGo('"he said \\"stop\\"'), 'he said "stop"');
  });

  it('keeps text it cannot read: bare words, cut strings, unknown and out-of-range escapes', () => {
    assert.equal(unquoteGo('bare'), 'bare');
    assert.equal(unquoteGo(''), '');
    assert.equal(unquoteGo('"'), '');
    assert.equal(unquoteGo('"never closed'), 'never closed');
    assert.equal(unquoteGo('"regex \\d+ and \\q"'), 'regex \\d+ and \\q');
    assert.equal(unquoteGo('"too big \\UFFFFFFFF"'), 'too big \\UFFFFFFFF');
    assert.equal(unquoteGo('"ends in a lone backslash\\'), 'ends in a lone backslash\\');
  });
});
