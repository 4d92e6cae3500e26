/**
 * Every occurrence counted and kept (or the output says how many it kept), templates filled from the
 * incident with visible placeholders, one message per occurrence, cause/effect lines along chains,
 * and the order of signatures on one line.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DiagnosisSession,
  diagnoseTexts,
  fillCommand,
  IncrementalDocument,
  incidentValues,
  missingNote,
  occurrenceHeadline,
  orderForLine,
  relatedOccurrences,
  renderTemplate,
  toJson,
  toSarif,
  toText,
  type Diagnosis,
} from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const root = join(__dirname, '..', '..', '..');
const example = (p: string): string => readFileSync(join(root, 'examples', p), 'utf8');

/** A kubelet journal where image GC fails `n` times, every 5 minutes, each with another amount, between routine lines. */
export function gcFailures(n: number): string {
  const lines: string[] = [];
  const start = Date.UTC(2024, 10, 23, 0, 0, 0);
  for (let i = 0; i < n; i++) {
    const t = new Date(start + i * 300_000);
    const p = (x: number, w = 2): string => String(x).padStart(w, '0');
    const stamp = `Nov ${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
    const klog = `1123 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}.831293`;
    lines.push(`${stamp} aks-nodepool1-38102419-1 kubelet[3121]: I${klog}    3121 kubelet.go:1880] SyncLoop (housekeeping)`);
    lines.push(
      `${stamp} aks-nodepool1-38102419-1 kubelet[3121]: E${klog}    3121 kubelet.go:1253] Image garbage collection failed multiple times in a row: failed to garbage collect required amount of images. Wanted to free ${2804301824 + i * 4096} bytes, but freed 0 bytes`,
    );
  }
  return lines.join('\n') + '\n';
}

describe('no silent caps', () => {
  const text = gcFailures(600);

  it('keeps every occurrence of an in-memory text and of an edited document', () => {
    const d = diagnoseTexts(cat, [{ name: 'kubelet.log', text }], { defaultYear: 2024 });
    const gc = d.findings.find((f) => f.signatureId === 'image-gc-failed');
    assert.ok(gc, d.findings.map((f) => f.signatureId).join(', '));
    assert.equal(gc.count, 600);
    assert.equal(gc.occurrences.length, 600);
    assert.equal(gc.occurrenceLimit, undefined);
    assert.deepEqual(
      gc.occurrences.map((o) => o.line),
      Array.from({ length: 600 }, (_, i) => 2 * i + 2),
    );
    const inc = new IncrementalDocument(cat, 'kubelet.log').analyze(text, 2024).findings.find((f) => f.signatureId === 'image-gc-failed')!;
    assert.equal(inc.count, 600);
    assert.equal(inc.occurrences.length, 600);
  });

  it('bounds a streamed run only when asked, and every output says how many it kept', () => {
    const session = new DiagnosisSession(cat, { defaultYear: 2024, maxOccurrencesPerFinding: 50 });
    const h = session.openInput('kubelet.log');
    h.push(Buffer.from(text));
    h.end();
    const d = session.finish();
    const gc = d.findings.find((f) => f.signatureId === 'image-gc-failed')!;
    assert.equal(gc.count, 600, 'the count stays exact');
    assert.equal(gc.occurrences.length, 50);
    assert.equal(gc.occurrenceLimit, 50);
    assert.equal(gc.occurrences[49].line, 1200, 'the last occurrence is kept');
    const json = toJson(d) as { findings: { signatureId: string; count: number; occurrencesShown: number; occurrencesNote?: string }[] };
    const j = json.findings.find((f) => f.signatureId === 'image-gc-failed')!;
    assert.equal(j.occurrencesShown, 50);
    assert.equal(j.occurrencesNote, '50 of 600 occurrences kept (the first 49 and the last)');
    assert.match(toText(d, cat), /50 of 600 occurrences kept \(the first 49 and the last\); --max-occurrences 0 keeps all/);
    const sarif = toSarif(d, cat) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[]; results: unknown[] }[] };
    assert.deepEqual(
      sarif.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.message.text),
      ['image-gc-failed: 50 of 600 occurrences kept (the first 49 and the last)'],
    );
    // Unbounded: no note anywhere.
    const all = diagnoseTexts(cat, [{ name: 'kubelet.log', text }], { defaultYear: 2024 });
    assert.ok(!JSON.stringify(toJson(all)).includes('occurrencesNote'));
    assert.ok(!toText(all, cat).includes('occurrences kept'));
  });

  it('drops subsumed occurrences among thousands without comparing every pair', () => {
    // 3,000 containers, each OOMKilled with exit code 137: the general 137 finding is subsumed each time.
    const block = (i: number): string =>
      `Name:         api-${i}\nNamespace:    qa\nNode:         ip-10-20-3-41/10.20.3.41\nContainers:\n  api:\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n`;
    const texts = Array.from({ length: 3000 }, (_, i) => ({ name: `d${i}`, text: block(i), kind: 'kubectl-describe' as const }));
    const d = diagnoseTexts(cat, texts, { defaultYear: 2024 });
    assert.equal(d.findings.find((f) => f.signatureId === 'oom-killed')?.count, 3000);
    assert.equal(
      d.findings.find((f) => f.signatureId === 'exit-code-137-sigkill'),
      undefined,
    );
  });
});

describe('templates filled from the incident', () => {
  it('fills values, shows a visible <name> for missing ones and says which', () => {
    assert.deepEqual(fillCommand('kubectl describe node {node}', { node: 'worker-2' }), { text: 'kubectl describe node worker-2', missing: [] });
    assert.deepEqual(fillCommand('helm status {release} -n {namespace}', { release: 'web' }), {
      text: 'helm status web -n <namespace>',
      missing: ['namespace'],
    });
    assert.deepEqual(fillCommand('grep {agent} {agent}.log', {}), { text: 'grep <agent> <agent>.log', missing: ['agent'] });
    assert.equal(missingNote(['node']), "<node> was not found in this incident's logs: fill it in");
    assert.equal(missingNote(['release', 'namespace']), "<release> and <namespace> were not found in this incident's logs: fill them in");
    assert.equal(missingNote([]), undefined);
  });

  it('drops optional parts with a missing value and keeps brackets that hold no placeholder', () => {
    assert.equal(renderTemplate('pod[ {pod}] evicted[ from {node}]', { node: 'n1' }), 'pod evicted from n1');
    assert.equal(
      renderTemplate("kubectl config view -o jsonpath='{.clusters[0].cluster.server}'", {}),
      "kubectl config view -o jsonpath='{.clusters[0].cluster.server}'",
    );
    assert.equal(renderTemplate("findmnt -T {path}; mount | grep -E ' ro[ ,]'", { path: '/var' }), "findmnt -T /var; mount | grep -E ' ro[ ,]'");
    // A value is inserted once, never read as a template again.
    assert.equal(renderTemplate('echo {a} {b}', { a: '{b}', b: 'x' }), 'echo {b} x');
  });

  it('leaves no raw {placeholder} in any catalogue command or headline, with or without values', () => {
    const raw = /\{[A-Za-z_][A-Za-z0-9_]*\}/;
    const offenders: string[] = [];
    for (const { signature: s } of cat.signatures) {
      for (const t of [...s.checks.map((c) => c.command), s.headline ?? '']) {
        // `{...}` that are not ours (docker --format '{{.ID}}', JSON patches) are allowed only if they hold no identifier alone.
        const filled = fillCommand(t, {}).text;
        if (raw.test(filled)) offenders.push(`${s.id}: ${filled}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('takes a value the line lacks from the rest of the incident, this occurrence first', () => {
    const journal = example('dind-evicted-nodefs/kubelet.journal.log');
    const pods = example('dind-evicted-nodefs/get-pods-A.txt');
    const d = diagnoseTexts(
      cat,
      [
        { name: 'get-pods-A.txt', text: pods },
        { name: 'kubelet.journal.log', text: journal },
      ],
      { defaultYear: 2018 },
    );
    const evicted = d.findings.find((f) => f.signatureId === 'pod-evicted-disk-pressure')!;
    const fromTable = evicted.occurrences.find((o) => o.input === 0 && o.refs.pod === 'jenkins-slave-6t97t')!;
    assert.ok(fromTable, JSON.stringify(evicted.occurrences.map((o) => [o.input, o.line, o.refs])));
    assert.equal(fromTable.refs.node ?? fromTable.host, undefined, 'the get-pods line names no node');
    const values = incidentValues(d, evicted, fromTable);
    assert.equal(values.pod, 'jenkins-slave-6t97t', 'its own pod, not the first one of the finding');
    assert.equal(values.node, 'aks-nodepool1-38102419-1', "the node from the incident's kubelet journal");
    const check = cat.get('pod-evicted-disk-pressure')!.signature.checks.find((c) => c.command.includes('{node}'))!;
    assert.equal(fillCommand(check.command, values).missing.length, 0);
    // Alone, the table names no node: the command shows <node> and says so.
    const alone = diagnoseTexts(cat, [{ name: 'get-pods-A.txt', text: pods }], { defaultYear: 2018 });
    const f = alone.findings.find((x) => x.signatureId === 'pod-evicted-disk-pressure')!;
    const r = fillCommand(check.command, incidentValues(alone, f, f.occurrences[0]));
    assert.ok(r.text.includes('kubectl describe node <node>'), r.text);
    assert.deepEqual(r.missing, ['node']);
  });
});

describe('one message per occurrence, linked along the chain', () => {
  it("leads with the headline and this occurrence's values, so rows differ", () => {
    const d = diagnoseTexts(cat, [{ name: 'kubelet.log', text: gcFailures(3) }], { defaultYear: 2024 });
    const gc = d.findings.find((f) => f.signatureId === 'image-gc-failed')!;
    const s = cat.get('image-gc-failed')!.signature;
    const messages = gc.occurrences.map((o) => occurrenceHeadline(s.headline, s.title, o));
    assert.equal(new Set(messages).size, 3, messages.join('\n'));
    assert.ok(messages[1].includes('2804305920'), messages[1]);
    assert.ok(!messages.some((m) => m.includes('kubelet[3121]')), 'no raw log line');
  });

  it('points each occurrence at the cause and effect lines of its chain', () => {
    const d = diagnoseTexts(cat, [{ name: 'kubelet.journal.log', text: example('dind-evicted-nodefs/kubelet.journal.log') }], { defaultYear: 2018 });
    const related = relatedOccurrences(d);
    const pressure = d.findings.find((f) => f.signatureId === 'node-disk-pressure')!;
    const links = related(pressure, pressure.occurrences[0]);
    const cause = links.find((l) => l.role === 'cause')!;
    const effect = links.find((l) => l.role === 'effect')!;
    assert.equal(cause.finding.signatureId, 'image-gc-failed');
    assert.ok(cause.occurrence.line < pressure.occurrences[0].line, 'the nearest GC failure before it');
    assert.ok(cause.because === undefined || typeof cause.because === 'string');
    assert.equal(effect.finding.signatureId, 'pod-evicted-disk-pressure');
    assert.ok(effect.occurrence.line >= pressure.occurrences[0].line, 'the next eviction after it');
    // The root of the chain has no cause; its last link has no effect.
    const gc = d.findings.find((f) => f.signatureId === 'image-gc-failed')!;
    assert.deepEqual(
      related(gc, gc.occurrences[0]).map((l) => l.role),
      ['effect'],
    );
  });
});

describe('signatures on one line', () => {
  const finding = (id: string, severity: 'info' | 'warning' | 'error' | 'critical', count = 1) => ({
    signatureId: id,
    title: id,
    severity,
    category: 'node' as const,
    headline: id,
    count,
    firstSeen: null,
    lastSeen: null,
    captureValues: {},
    occurrences: [],
  });
  const occ = (captures: Record<string, string> = {}) => ({
    input: 0,
    line: 1,
    endLine: 1,
    text: '',
    timestamp: null,
    captures,
    refs: {},
    kind: 'plain' as const,
  });
  it('puts the specific signature before the one it subsumes, then by severity, captures and rarity', () => {
    // exit-code-137-sigkill is subsumed-by oom-killed: the OOM one is more specific, whatever the severity.
    const general = { finding: finding('exit-code-137-sigkill', 'critical'), occurrence: occ() };
    const specific = { finding: finding('oom-killed', 'info'), occurrence: occ() };
    assert.deepEqual(
      orderForLine(cat, [general, specific]).map((m) => m.finding.signatureId),
      ['oom-killed', 'exit-code-137-sigkill'],
    );
    const a = { finding: finding('a', 'warning'), occurrence: occ({ x: '1' }) };
    const b = { finding: finding('b', 'error'), occurrence: occ() };
    const c = { finding: finding('c', 'warning', 5), occurrence: occ({ x: '1', y: '2' }) };
    assert.deepEqual(
      orderForLine(cat, [a, b, c]).map((m) => m.finding.signatureId),
      ['b', 'c', 'a'],
    );
  });
});

export type { Diagnosis };
