import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRule, execStep } from '../../../src/core/rules/ruleCompiler';
import { Catalogue } from '../../../src/core';
import { cli } from '../cli/runCli';
import { shippedCatalogue } from '../shippedCatalogue';

/** Does the rule (one step) match the line? */
const matches = (rule: string, line: string): boolean => {
  const c = compileRule(rule);
  assert.ok(c.value, `${rule}: ${JSON.stringify(c.errors)}`);
  return execStep(c.value.steps[0], line) !== null;
};

/** The rule with the part the warning names replaced by what the warning says to write. */
function followAdvice(rule: string, warning: { message: string; column: number }): string {
  const instead = /write (?:the whole words, )?(\([^)]*\))/.exec(warning.message)?.[1];
  assert.ok(instead, `no advice in: ${warning.message}`);
  const written = /^`([^`]*)`/.exec(warning.message)?.[1];
  assert.ok(written !== undefined && rule.slice(warning.column).startsWith(written), `the warning quotes "${written}" at column ${warning.column} of ${rule}`);
  return rule.slice(0, warning.column) + instead + rule.slice(warning.column + written.length);
}

describe('rule lint: rules that parse but cannot mean what they say', () => {
  // Each case: a rule as an author might write it, the log lines the author meant it to match (of
  // which it misses all, or those in `missed`).
  const bad: { rule: string; lines: string[]; missed?: string[]; says: RegExp }[] = [
    {
      rule: 'failed to fetch manifests? for',
      lines: ['failed to fetch manifests for app', 'failed to fetch manifest for app'],
      says: /`manifests\?` is read as the literal word with a question mark/,
    },
    { rule: 'no such colou?r', lines: ['no such color', 'no such colour'], says: /optional "u"/ },
    {
      rule: 'unable to connect to BIRDv(4 | 6) socket',
      lines: ['unable to connect to BIRDv4 socket', 'unable to connect to BIRDv6 socket'],
      says: /glues `BIRDv` to `\(4 \| 6\)`, but a literal matches only whole words/,
    },
    {
      rule: 'evicted pod(s)? from node',
      lines: ['evicted pods from node', 'evicted pod from node'],
      missed: ['evicted pods from node'],
      says: /glues `pod` to `\(s\)\?`/,
    },
    { rule: 'retrying in (5 | 10)s', lines: ['retrying in 5s', 'retrying in 10s'], says: /glues `\(5 \| 10\)` to `s`/ },
    { rule: 'disk "sd"(a | b) failed', lines: ['disk sda failed', 'disk sdb failed'], says: /glues `"sd"` to `\(a \| b\)`/ },
  ];

  for (const b of bad) {
    it(`warns about ${b.rule}, which misses the lines it was meant for, and its advice matches them`, () => {
      const c = compileRule(b.rule);
      assert.ok(c.value, 'it still compiles (a warning, not an error)');
      assert.equal(c.warnings.length, 1, JSON.stringify(c.warnings));
      assert.match(c.warnings[0].message, b.says);
      for (const line of b.missed ?? b.lines) assert.ok(!matches(b.rule, line), `the warning is wrong: ${b.rule} matches ${line}`);
      if (/\bwrite (the whole words, )?\(/.test(c.warnings[0].message)) {
        const fixed = followAdvice(b.rule, c.warnings[0]);
        assert.deepEqual(compileRule(fixed).warnings, [], fixed);
        for (const line of b.lines) assert.ok(matches(fixed, line), `${fixed} does not match ${line}`);
      }
    });
  }

  it('says how to capture or use a regex when whole words cannot be spelled out', () => {
    const c = compileRule('listening on port v{number}');
    assert.equal(c.warnings.length, 1);
    assert.match(c.warnings[0].message, /\{word\}.*re"\.\.\."/);
    assert.equal(c.warnings[0].column, 'listening on port '.length);
    assert.ok(!matches('listening on port v{number}', 'listening on port v8080'));
  });

  it('leaves alone glue at punctuation, quoted question marks, regexes and spaced groups', () => {
    for (const rule of [
      '{ip}:{number:port}',
      '{number:nodes} node"(s)" exceed max volume count',
      '"(" {word:proc} ")"',
      'by ("-")?{number}',
      '"Is the docker daemon running?"',
      'i"running?"',
      're"manifests?"',
      'pvc-{word}',
      '{word}.yaml',
      'evicted (pod | pods) from node',
      'calico/node is not ready: (BIRD | BIRD6) is not ready',
      'x (s)?',
      'A THEN B WITHIN 5m',
      'oom WHERE field.reason ~ "OOM.?Killed"',
    ]) {
      const c = compileRule(rule);
      assert.ok(c.value, `${rule}: ${JSON.stringify(c.errors)}`);
      assert.deepEqual(c.warnings, [], rule);
    }
  });

  it('finds the glue inside groups and after THEN, each once', () => {
    const c = compileRule('(stopped | killed pod(s)) THEN restart(ing | ed) WITHIN 1m');
    assert.deepEqual(
      c.warnings.map((w) => w.column),
      ['(stopped | killed '.length, '(stopped | killed pod(s)) THEN '.length],
    );
  });

  it("reports at the rule's line in a signature file, and validate prints file:line:column", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pml-lint-'));
    try {
      const yaml = [
        '# yaml-language-server: $schema=./signature.schema.json',
        'id: custom-manifest-fetch',
        'title: Manifest fetch failed',
        'summary: The deploy tool could not fetch the manifests.',
        'status: experimental',
        'severity: error',
        'category: ci',
        'appliesTo: [any]',
        'match:',
        '  - failed to fetch manifest',
        '  - failed to fetch manifests? from',
        'explanation: The deploy tool could not read its manifests from the repository.',
        'causes: [Repository unreachable]',
        "checks: [{ title: Fetch by hand, command: 'git fetch' }]",
        'remediation: [Fix access]',
        'references: []',
        'examples:',
        '  match:',
        '    - failed to fetch manifest from origin',
        '',
      ].join('\n');
      const file = join(dir, 'custom-manifest-fetch.yaml');
      writeFileSync(file, yaml);
      const c = new Catalogue([{ file, text: yaml }]);
      assert.deepEqual(
        c.problems.filter((p) => p.level === 'error'),
        [],
      );
      const lint = c.problems.filter((p) => /question mark/.test(p.message));
      assert.deepEqual(
        lint.map((p) => [p.line, p.column, p.level]),
        [[11, 'failed to fetch '.length + 1, 'warning']],
      );
      assert.ok(c.get('custom-manifest-fetch'), 'a warning keeps the signature');
      const r = await cli(['validate', dir]);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.err, new RegExp(`custom-manifest-fetch\\.yaml:11:17: warning: match\\[1\\]: \`manifests\\?\` is read as the literal word`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds none in the shipped catalogue', () => {
    const lint = shippedCatalogue().problems.filter((p) => /question mark|inside one word/.test(p.message));
    assert.deepEqual(
      lint.map((p) => `${p.file}:${p.line}: ${p.message}`),
      [],
    );
  });
});
