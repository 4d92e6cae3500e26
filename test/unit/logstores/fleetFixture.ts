/**
 * What the fleet tests of both stores share (fleet.test.ts on chDB, lokiFleet.test.ts on the fake Loki):
 * the example incidents' files as lines, the fleet JSON read as counts per signature and group, and the
 * check that a local `diagnose` of each node finds nothing its fleet row lacks.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../../../src/core';
import { cli } from '../cli/runCli';

export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** The fleet command's JSON (the parts the tests read). */
export interface FleetJson {
  by: string;
  /** Loki: the labels a group is the first set value of. */
  groupKey?: string[];
  groups: { group: string; lines: number }[];
  signatures: { id: string; severity: string; spread: number; total: number; groups: { group: string; lines: number }[]; drillDown: string }[];
  quiet: string[];
  uncounted: { id: string; reason: string }[];
  queries: number;
}

/** A file's lines, without the empty one after its last line end. */
export function linesOf(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The log files of an example incident, in name order. */
export function bundleFiles(b: string): string[] {
  return readdirSync(join(EXAMPLES, b))
    .sort()
    .filter((n) => !/^(README\.md|expected\.json)$/.test(n) && statSync(join(EXAMPLES, b, n)).isFile());
}

/** `{sig: {group: count}}` from the fleet JSON. */
export function countsOf(j: FleetJson): Map<string, Map<string, number>> {
  return new Map(j.signatures.map((s) => [s.id, new Map(s.groups.map((g) => [g.group, g.lines]))]));
}

/** Counts in a stable order, to compare. */
export const sorted = (m: Map<string, Map<string, number>>): [string, [string, number][]][] =>
  [...m.entries()].map(([k, v]) => [k, [...v.entries()].sort()] as [string, [string, number][]]).sort((a, b) => a[0].localeCompare(b[0]));

/**
 * Every signature a local `diagnose` of a node's files finds has candidate lines in that node's fleet
 * row (candidates are a superset), but those found only by a cross-line check (not counted from lines).
 */
export async function assertLocalFindingsCounted(
  counts: Map<string, Map<string, number>>,
  nodeFiles: Map<string, string[]>,
  catalogue: Catalogue,
  now: Date,
): Promise<void> {
  let checked = 0;
  for (const [node, files] of nodeFiles) {
    const local = await cli(['diagnose', '--format', 'json', '--year', '2024', '--threads', '1', ...files], { now });
    assert.equal(local.code, 0, local.err);
    const found = (JSON.parse(local.out) as { findings: { signatureId: string }[] }).findings.map((f) => f.signatureId);
    const missing = found.filter((id) => !(counts.get(id)?.get(node) ?? 0) && !catalogue.get(id)?.signature.crossCheck);
    assert.deepEqual(missing, [], `${node}: found locally, not in its fleet row`);
    checked += found.length;
  }
  assert.ok(checked > 30, `${checked} findings checked`);
}

/** A generated node's log (bench/generate.mjs) of `mib` MiB at `file`: node 4 has no failure, the others 2%. */
export function generateNodeLog(file: string, n: number, mib: number): string[] {
  execFileSync(
    process.execPath,
    [
      join(__dirname, '..', '..', '..', 'bench', 'generate.mjs'),
      '--size',
      String(mib),
      '--out',
      file,
      '--seed',
      String(10 + n),
      '--failure-rate',
      n === 4 ? '0' : '0.02',
    ],
    { stdio: 'pipe' },
  );
  return linesOf(file);
}
