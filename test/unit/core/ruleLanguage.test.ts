import { strict as assert } from 'node:assert';
import { Lexer } from 'chevrotain';
import { compileRule, execStep } from '../../../src/core/rules/ruleCompiler';
import { parseRule } from '../../../src/core/rules/ruleParser';
import { RULE_LEXER_DEFINITION } from '../../../src/core/rules/ruleTokens';
import type { LogEvent } from '../../../src/model';

const compile = (r: string) => {
  const c = compileRule(r);
  assert.ok(c.value, `rule should compile: ${r}: ${JSON.stringify(c.errors)}`);
  return c.value;
};
const event = (message: string, extra: Partial<LogEvent> = {}): LogEvent => ({
  input: 0,
  line: 1,
  endLine: 1,
  kind: 'klog',
  timestamp: null,
  message,
  text: message,
  refs: {},
  ...extra,
});

describe('signature language', () => {
  it('lexer stays on chevrotain fast path', () => {
    assert.doesNotThrow(() => new Lexer(RULE_LEXER_DEFINITION, { ensureOptimizations: true, positionTracking: 'onlyOffset' }));
  });

  it('matches words case-insensitively on word boundaries and captures typed values', () => {
    const r = compile('The node was low on resource: {word:resource}');
    assert.deepEqual(execStep(r.steps[0], 'Message: The node was low on resource: nodefs.'), { resource: 'nodefs' });
    assert.deepEqual(execStep(r.steps[0], 'THE NODE WAS LOW ON RESOURCE: imagefs'), { resource: 'imagefs' });
    assert.equal(execStep(r.steps[0], 'The nodes was low on resource: x'), null);
  });

  it('keeps quoted text case-sensitive while bare words stay insensitive', () => {
    const r = compile('reason "OOMKilled"');
    assert.ok(execStep(r.steps[0], 'REASON OOMKilled'));
    assert.equal(execStep(r.steps[0], 'reason oomkilled'), null);
  });

  it('honours adjacency: no whitespace in the rule means none in the text', () => {
    const r = compile('lookup {host} on {ip}:{number:port}: * (i/o timeout | no such host)');
    assert.deepEqual(execStep(r.steps[0], 'dial tcp: lookup api.example.com on 10.96.0.10:53: read udp 10.244.1.5:40215->10.96.0.10:53: i/o timeout'), {
      host: 'api.example.com',
      ip: '10.96.0.10',
      port: '53',
    });
    assert.equal(execStep(r.steps[0], 'lookup a.b on 10.96.0.10 :53: no such host'), null);
  });

  it('captures pods with namespace, durations, paths and quoted strings', () => {
    assert.deepEqual(execStep(compile('pod {pod} evicted').steps[0], 'eviction manager: pod "jenkins/jenkins-6486f-x" evicted'), {
      pod: 'jenkins/jenkins-6486f-x',
    });
    assert.deepEqual(execStep(compile('active {duration:age} ago').steps[0], 'last seen active 3m0.1s ago'), { age: '3m0.1s' });
    assert.deepEqual(execStep(compile('mkdir {path}: no space').steps[0], 'mkdir /var/lib/docker/overlay2/abc: no space left'), {
      path: '/var/lib/docker/overlay2/abc',
    });
    assert.deepEqual(execStep(compile('msg={quoted:m}').steps[0], 'level=error msg="a \\"b\\" c"'), { m: 'a \\"b\\" c' });
  });

  it('supports optional groups and top-level alternatives', () => {
    const r = compile('Killed process {number:pid} ("(" {word:proc} ")")? | "OOMKilled"');
    assert.deepEqual(execStep(r.steps[0], 'Memory cgroup out of memory: Killed process 1234 (java) total-vm'), { pid: '1234', proc: 'java' });
    assert.deepEqual(execStep(r.steps[0], 'Killed process 99'), { pid: '99' });
    assert.deepEqual(execStep(r.steps[0], 'Reason: OOMKilled'), {});
    // The whitespace before an optional group stays allowed when the group is absent.
    const skew = compile('clock is off by ("-")?{number:s} seconds').steps[0];
    assert.deepEqual(execStep(skew, 'chronyd: clock is off by 5 seconds'), { s: '5' });
    assert.deepEqual(execStep(skew, 'chronyd: clock is off by -5 seconds'), { s: '5' });
    // and word boundaries still keep two words apart.
    const thread = compile('unable to create (new)? native thread').steps[0];
    assert.deepEqual(execStep(thread, 'java.lang.OutOfMemoryError: unable to create native thread'), {});
    assert.deepEqual(execStep(thread, 'unable to create new native thread'), {});
    assert.equal(execStep(thread, 'unable to createnew native thread'), null);
  });

  it('evaluates WHERE conditions on fields, severities and duration captures', () => {
    const r = compile('PLEG is not healthy: pleg was last seen active {duration:age} ago WHERE age >= 3m AND severity >= warning');
    const step = r.steps[0];
    const line = 'skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m0.1s ago; threshold is 3m0s]';
    const caps = execStep(step, line)!;
    assert.equal(step.where!(event(line, { severity: 'error' }), caps), true);
    assert.equal(step.where!(event(line, { severity: 'info' }), caps), false);
    const short = execStep(step, 'PLEG is not healthy: pleg was last seen active 2m1s ago')!;
    assert.equal(step.where!(event('', { severity: 'error' }), short), false);
    const f = compile('Evicted WHERE field.reason = evicted OR kind IN (kubectl-get)').steps[0];
    assert.equal(f.where!(event('x', { fields: { Reason: 'Evicted' } }), {}), true);
    assert.equal(f.where!(event('x', { kind: 'kubectl-get' }), {}), true);
    assert.equal(f.where!(event('x'), {}), false);
  });

  it('parses multi-event rules with WITHIN and ON SAME', () => {
    const r = compile('ImageGCFailed THEN low on resource: (nodefs | imagefs) WITHIN 30m ON SAME node');
    assert.equal(r.steps.length, 2);
    assert.deepEqual(r.links, [{ withinMs: 1_800_000, same: ['node'] }]);
  });

  it('derives prefilter literals that every match must contain', () => {
    assert.deepEqual(compile('The node was low on resource: {word}').steps[0].literals, ['the node was low on resource:']);
    assert.deepEqual(compile('failed to pull image {quoted}').steps[0].literals, ['failed to pull image']);
    assert.deepEqual(compile('resource: nodefs').steps[0].literals, ['resource:'], 'no phrase across optional whitespace');
    assert.deepEqual(compile('(evicted | evicting) pod').steps[0].literals, ['evicted pod', 'evicting pod'], 'phrases run through groups');
    assert.deepEqual(compile('exit (code | status) 137').steps[0].literals, ['exit code 137', 'exit status 137']);
    // The run with punctuation wins over ` HTTP/`, then is cut at its quote (an encoder may escape it).
    assert.deepEqual(
      compile('re"\\"[A-Z]+ [^\\" ]+ HTTP/[0-9.]+\\" 504 "').steps[0].literals,
      ['504'],
      'rare punctuation beats a common word, cut at the quote',
    );
    assert.deepEqual(compile('re"error dialing backend|Error attaching"').steps[0].literals, ['error dialing backend', 'error attaching']);
    assert.equal(compile('{pod} * {node}').steps[0].literals, null);
    assert.deepEqual(compile('re"token [a-z]{1,8} rotated"').steps[0].literals, [' rotated']);
    assert.deepEqual(compile('re"AADSTS\\d{5,}"').steps[0].literals, ['aadsts']);
  });

  it('refuses catastrophic raw regexes with the reason', () => {
    const c = compileRule('x re"(a+)+b"');
    assert.equal(c.value, undefined);
    assert.match(c.errors[0].message, /exponential/);
    assert.match(compileRule('re"a.*b.*c.*d"').errors[0]?.message ?? '', /n\^\d/);
    assert.ok(compileRule('re"dial tcp [0-9.]+:6443"').value);
  });

  it('reports syntax errors with a column, never throws', () => {
    for (const bad of ['broken (group', 'x {nope:thing}', 'a THEN b', 'a WHERE', 'a WHERE severity >= loud', '']) {
      const r = compileRule(bad);
      assert.equal(r.value, undefined, bad);
      assert.ok(r.errors.length > 0, bad);
    }
    assert.ok(parseRule('broken (group').errors[0].column >= 0);
    assert.match(compileRule('broken (group').errors[0].message, /^unclosed group/);
    assert.match(compileRule('a THEN b').errors[0].message, /THEN needs WITHIN/);
    assert.match(compileRule('x ) y').errors[0].message, /without its "\("/);
    assert.match(compileRule('a WHERE source kubelet').errors[0].message, /expected a comparison/);
  });
});
