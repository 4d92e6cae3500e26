/**
 * Fixture runner shared by the grammar tests of jenkins, docker-json, logrus, cri, helm and plain:
 * reads `test/fixtures/logs/<kind>/<case>.log`, assembles events with `newContext(2021, 0)` and
 * compares a projection with `<case>.expected.json`. `UPDATE_FIXTURES=1` rewrites the expected
 * files (review the diff before keeping it).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import type { LogEvent, LogFormat, ObjectRefs } from '../../../src/model';

/** The part of an event the fixtures pin down. */
export interface ProjectedEvent {
  line: number;
  endLine: number;
  timestamp: string | null;
  severity: string | null;
  source: string | null;
  message: string;
  refs: ObjectRefs;
}

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');

/** Project events for comparison: ISO timestamps, first 80 characters of the message. */
export function project(events: readonly LogEvent[]): ProjectedEvent[] {
  return events.map((e) => ({
    line: e.line,
    endLine: e.endLine,
    timestamp: e.timestamp === null ? null : new Date(e.timestamp).toISOString(),
    severity: e.severity ?? null,
    source: e.source ?? null,
    message: e.message.slice(0, 80),
    refs: e.refs,
  }));
}

/** Lines of a fixture file, without the empty string after a final newline. */
export function readLines(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Events of a whole fixture file, read as one segment. */
export function fixtureEvents(format: LogFormat, file: string): LogEvent[] {
  return assembleEvents(readLines(join(FIXTURES, format.kind, file)), format, newContext(2021, 0));
}

/** Declare one mocha test per fixture of `format.kind`. */
export function describeFixtures(format: LogFormat): void {
  const dir = join(FIXTURES, format.kind);
  const cases = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.log')).sort() : [];
  it(`has fixtures for ${format.kind}`, () => assert.ok(cases.length > 0, `no fixtures in ${dir}`));
  for (const file of cases) {
    it(`fixture ${format.kind}/${file}`, () => {
      const actual = project(fixtureEvents(format, file));
      const expectedPath = join(dir, file.replace(/\.log$/, '.expected.json'));
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
}
