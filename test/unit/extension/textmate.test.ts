import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const DIR = join(__dirname, '..', '..', '..', 'grammars', 'textmate');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) =>
      scope === 'text.log.postmortem' ? parseRawGrammar(readFileSync(join(DIR, 'postmortem-log.tmLanguage.json'), 'utf8'), 'x.json') : null,
  });
  return (await registry.loadGrammar('text.log.postmortem'))!;
}

/** The scopes given to `piece` inside `line`. */
function scopesOf(g: IGrammar, line: string, piece: string): string[] {
  const { tokens } = g.tokenizeLine(line, INITIAL);
  const at = line.indexOf(piece);
  const t = tokens.find((tok) => tok.startIndex <= at && tok.endIndex > at);
  return t ? t.scopes : [];
}

describe('TextMate grammar (grammars/textmate)', () => {
  let g: IGrammar;
  before(async () => {
    g = await loadGrammar();
  });

  it('colours klog headers by level, with the date and caller', () => {
    const line = 'E0413 10:15:02.123456    1234 kuberuntime_manager.go:815] createPodSandbox failed';
    assert.ok(scopesOf(g, line, 'E0413').some((s) => s.startsWith('markup.deleted.log.error')));
    assert.ok(scopesOf(g, line, '0413 10:15').includes('constant.numeric.date.log'));
    assert.ok(scopesOf(g, line, 'kuberuntime_manager.go').includes('entity.name.function.caller.log'));
  });

  it('colours timestamps, severities, Kubernetes objects and statuses, IPs and durations', () => {
    const line = '2021-04-13T10:15:02.123Z level=error msg="dial tcp 10.96.0.10:53: i/o timeout" pod="kube-system/coredns-1" after 3m0.1s Evicted';
    assert.ok(scopesOf(g, line, '2021-04-13').includes('constant.numeric.date.log'));
    assert.ok(scopesOf(g, line, 'level=error').includes('markup.deleted.log.error'));
    assert.ok(scopesOf(g, 'node 10.96.0.10:53 down', '10.96.0.10').includes('constant.numeric.ip.log'));
    assert.ok(scopesOf(g, line, 'kube-system/coredns-1').includes('entity.name.type.object.k8s'));
    assert.ok(scopesOf(g, line, '3m0.1s').includes('constant.numeric.duration.log'));
    assert.ok(scopesOf(g, line, 'Evicted').includes('keyword.other.status.k8s'));
    assert.ok(scopesOf(g, 'deleted pods/web-1 on nodes/worker-2', 'pods/web-1').includes('entity.name.type.object.k8s'));
  });

  it('marks Jenkins pipeline lines and Java exceptions', () => {
    assert.ok(scopesOf(g, '[Pipeline] stage', '[Pipeline]').includes('comment.line.pipeline.jenkins'));
    assert.ok(scopesOf(g, 'Cannot contact agent-1: java.lang.InterruptedException', 'java.lang').includes('entity.name.class.exception.log'));
  });

  it('marks GitHub Actions and GitLab CI markers and job failures', () => {
    const gh = '2024-05-01T10:00:09.8810234Z ##[error]Process completed with exit code 2.';
    assert.ok(scopesOf(g, gh, '##[error]').includes('markup.deleted.log.error'));
    assert.ok(scopesOf(g, gh, '2024-05-01').includes('constant.numeric.date.log'));
    assert.ok(scopesOf(g, '##[group]Run make test', 'Run make').includes('comment.line.group.ci'));
    assert.ok(scopesOf(g, 'section_start:1714557600:step_script', 'step_script').includes('comment.line.section.ci'));
    assert.ok(scopesOf(g, 'ERROR: Job failed: exit code 1', 'Job failed').includes('markup.deleted.log.error'));
    assert.ok(!scopesOf(g, 'Job succeeded', 'Job').includes('markup.deleted.log.error'));
  });
});
