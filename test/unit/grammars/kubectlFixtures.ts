/**
 * Fixture runner of the kubectl-describe and kubectl-get grammar tests. Like `describeFixtures` in
 * fixtureProjection.ts, plus the event fields that matter for these formats (`field`, `section`,
 * `STATUS`, ...), since their events carry most of their meaning in fields.
 * `UPDATE_FIXTURES=1` rewrites the expected files (review the diff before keeping it).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent, LogFormat } from '../../../src/model';
import { fixtureEvents, project, type ProjectedEvent } from './fixtureProjection';

/** A projected event plus the selected fields that are set. */
export interface ProjectedKubectlEvent extends ProjectedEvent {
  fields?: Record<string, string>;
}

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');

/** Project events, keeping only `fieldKeys` of their fields. */
export function projectWithFields(events: readonly LogEvent[], fieldKeys: readonly string[]): ProjectedKubectlEvent[] {
  const base = project(events);
  return events.map((e, i) => {
    const fields: Record<string, string> = {};
    for (const k of fieldKeys) if (e.fields?.[k] !== undefined) fields[k] = e.fields[k];
    return Object.keys(fields).length > 0 ? { ...base[i], fields } : base[i];
  });
}

/** Declare one mocha test per fixture of `format.kind`, comparing projections with fields. */
export function describeKubectlFixtures(format: LogFormat, fieldKeys: readonly string[]): void {
  const dir = join(FIXTURES, format.kind);
  const cases = readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  it(`has fixtures for ${format.kind}`, () => assert.ok(cases.length > 0));
  for (const file of cases) {
    it(`fixture ${format.kind}/${file}`, () => {
      const actual = projectWithFields(fixtureEvents(format, file), fieldKeys);
      const expectedPath = join(dir, file.replace(/\.log$/, '.expected.json'));
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
}
