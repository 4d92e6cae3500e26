/**
 * The one fixture harness of the grammar tests: `test/fixtures/logs/<kind>/<case>.log` is read as one
 * segment of its kind (`newContext(2021, 0)`), and a projection of its events is compared with
 * `<case>.expected.json`. Every kind projects the same fields; the Unix kinds add host and pid, the
 * kubectl kinds the fields their events carry their meaning in ({@link FIXTURE_EXTRAS}).
 * `UPDATE_FIXTURES=1` rewrites the expected files (review the diff before keeping it).
 * The contract suite (contract.test.ts) runs {@link describeFixtures} for every registered grammar.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import type { LogEvent, LogGrammar, LogKind } from '../../../src/model';

/** The folder of the fixture logs, one subfolder per kind. */
export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');

/** Fields of an event a fixture pins down beyond the common ones. */
type Extra = (e: LogEvent) => Record<string, unknown>;

const hostAndPid: Extra = (e) => ({ host: e.host ?? null, pid: e.pid ?? null });

function selectedFields(keys: readonly string[]): Extra {
  return (e) => {
    const fields: Record<string, string> = {};
    for (const k of keys) if (e.fields?.[k] !== undefined) fields[k] = e.fields[k];
    return Object.keys(fields).length > 0 ? { fields } : {};
  };
}

/** Per kind, what its fixtures pin down beyond line, end line, time, severity, source, message and refs. */
export const FIXTURE_EXTRAS: Partial<Record<LogKind, Extra>> = {
  klog: hostAndPid,
  journald: hostAndPid,
  'journald-json': hostAndPid,
  dmesg: hostAndPid,
  syslog: hostAndPid,
  'kubectl-describe': selectedFields(['field', 'value', 'section', 'type', 'reason', 'age', 'from', 'count', 'status', 'namespace', 'name']),
  'kubectl-get': selectedFields(['NAMESPACE', 'NAME', 'STATUS', 'RESTARTS', 'NODE', 'TYPE', 'REASON', 'OBJECT', 'KIND', 'COUNT', 'LAST SEEN']),
};

/** Project events for comparison: ISO timestamps, the first 80 characters of the message, the kind's extras. */
export function project(events: readonly LogEvent[], kind: LogKind): Record<string, unknown>[] {
  const extra = FIXTURE_EXTRAS[kind];
  return events.map((e) => ({
    line: e.line,
    endLine: e.endLine,
    timestamp: e.timestamp === null ? null : new Date(e.timestamp).toISOString(),
    severity: e.severity ?? null,
    source: e.source ?? null,
    message: e.message.slice(0, 80),
    refs: e.refs,
    ...extra?.(e),
  }));
}

/** Lines of a fixture file, without the empty string after a final newline (a `\r` stays in its line, as GitLab writes it). */
export function readLines(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The fixture files (`<case>.log`) of a kind, sorted. */
export function fixtureFiles(kind: LogKind): string[] {
  const dir = join(FIXTURES, kind);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.log'))
        .sort()
    : [];
}

/** Events of a whole fixture file, read as one segment of `format`. */
export function fixtureEvents(format: LogGrammar, file: string): LogEvent[] {
  return assembleEvents(readLines(join(FIXTURES, format.kind, file)), format, newContext(2021, 0));
}

/** Declare one mocha test per fixture of `format.kind`, and one that there are some. */
export function describeFixtures(format: LogGrammar): void {
  const dir = join(FIXTURES, format.kind);
  const cases = fixtureFiles(format.kind);
  it(`has fixtures for ${format.kind}`, () => assert.ok(cases.length > 0, `no fixtures in ${dir}`));
  for (const file of cases) {
    it(`fixture ${format.kind}/${file}`, () => {
      const actual = project(fixtureEvents(format, file), format.kind);
      const expectedPath = join(dir, file.replace(/\.log$/, '.expected.json'));
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      assert.ok(existsSync(expectedPath), `missing ${expectedPath} (run with UPDATE_FIXTURES=1 and review)`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
}
