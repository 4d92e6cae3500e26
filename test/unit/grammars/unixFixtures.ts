/**
 * Fixture harness for the Unix-style grammar suites (klog, journald, journald-json, dmesg, syslog):
 * reads `test/fixtures/logs/<kind>/<case>.log`, assembles events with `newContext(2021, 0)` and
 * compares a projection of them to `<case>.expected.json`. `UPDATE_FIXTURES=1` rewrites the
 * expected files (review the diff before keeping it).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import type { LogEvent, LogFormat, ObjectRefs } from '../../../src/model';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');

/** The fields of an event a fixture pins down. */
export interface ProjectedEvent {
  line: number;
  endLine: number;
  timestamp: string | null;
  severity: string | null;
  source: string | null;
  host: string | null;
  pid: number | null;
  message: string;
  refs: ObjectRefs;
}

/** Project an event onto the fields fixtures compare (message cut to 80 chars). */
export function project(e: LogEvent): ProjectedEvent {
  return {
    line: e.line,
    endLine: e.endLine,
    timestamp: e.timestamp === null ? null : new Date(e.timestamp).toISOString(),
    severity: e.severity ?? null,
    source: e.source ?? null,
    host: e.host ?? null,
    pid: e.pid ?? null,
    message: e.message.slice(0, 80),
    refs: e.refs,
  };
}

/** Lines of a text, without the empty string after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Events of one fixture file, read as one segment of `format`. */
export function fixtureEvents(format: LogFormat, kind: string, name: string): LogEvent[] {
  const text = readFileSync(join(FIXTURES, kind, `${name}.log`), 'utf8');
  return assembleEvents(splitLines(text), format, newContext(2021, 0));
}

/** Register one mocha test per fixture case of `kind`. */
export function describeFixtures(format: LogFormat, kind: string): void {
  const dir = join(FIXTURES, kind);
  const cases = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => f.slice(0, -4)).sort();
  it(`has fixtures for ${kind}`, () => assert.ok(cases.length > 0));
  for (const name of cases) {
    it(`fixture ${kind}/${name}`, () => {
      const actual = fixtureEvents(format, kind, name).map(project);
      const expectedPath = join(dir, `${name}.expected.json`);
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      assert.ok(existsSync(expectedPath), `missing ${expectedPath} (run with UPDATE_FIXTURES=1 and review)`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
}
