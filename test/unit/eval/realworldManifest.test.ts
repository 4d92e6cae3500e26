/**
 * eval/realworld/manifest.json is well-formed, so `npm run eval -- eval/realworld` measures what it
 * says: every case file exists and is listed once, every expected id is a signature of the catalogue,
 * every case names the public page its excerpt is from (http or https) and what it shows, the split
 * alternates by case number (odd dev, even holdout), and a failure no signature covers says so
 * (`unknown`) instead of passing for a healthy log. Every problem is collected before the test fails.
 * Cheap: no diagnosis runs here (that is the eval's job), and ids come from the catalogue's file names
 * (file name = id, checked by the catalogue tests).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(ROOT, 'eval', 'realworld');

/** What the test knows of the world around a manifest. */
interface Context { caseFiles: string[]; ids: Set<string> }

const CASE_FILE = /^cases\/(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.log$/;

function isWebUrl(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

/** Every problem of a parsed manifest, as "entry: problem" lines; empty when it is well-formed. */
export function manifestProblems(manifest: unknown, ctx: Context): string[] {
  if (!Array.isArray(manifest)) return ['manifest.json: not a JSON array'];
  if (manifest.length === 0) return ['manifest.json: no cases'];
  const out: string[] = [];
  const listed = new Set<string>();
  const numbers = new Set<number>();
  manifest.forEach((c: any, i) => {
    const at = typeof c?.file === 'string' ? c.file : `entry ${i}`;
    const bad = (why: string) => out.push(`${at}: ${why}`);
    if (typeof c !== 'object' || c === null || Array.isArray(c)) { bad('not an object'); return; }
    const m = typeof c.file === 'string' ? CASE_FILE.exec(c.file) : null;
    if (typeof c.file === 'string') {
      if (!ctx.caseFiles.includes(c.file)) bad('file does not exist');
      if (listed.has(c.file)) bad('listed twice');
      listed.add(c.file);
    }
    if (!m) bad('file is not cases/NNN-short-name.log');
    else {
      const n = Number(m[1]);
      if (numbers.has(n)) bad(`case number ${m[1]} used twice`);
      numbers.add(n);
      const split = n % 2 === 0 ? 'holdout' : 'dev';
      if (c.split !== split) bad(`split is ${JSON.stringify(c.split)}, case ${m[1]} belongs to ${split} (every 2nd case is holdout)`);
    }
    if (!Array.isArray(c.expected) || c.expected.some((id: unknown) => typeof id !== 'string')) bad('expected is not a list of signature ids');
    else {
      for (const id of c.expected) if (!ctx.ids.has(id)) bad(`expected id ${id} is not in the catalogue`);
      if (new Set(c.expected).size !== c.expected.length) bad('expected lists an id twice');
    }
    if (!isWebUrl(c.source)) bad(`source ${JSON.stringify(c.source)} is not an http(s) URL`);
    if (typeof c.note !== 'string' || c.note.trim() === '' || /[\r\n]/.test(c.note)) bad('note is not one line of text');
    if (c.unknown !== undefined) {
      if (typeof c.unknown !== 'string' || c.unknown.trim() === '') bad('unknown is not a description');
      if (Array.isArray(c.expected) && c.expected.length) bad('unknown is for failures no signature covers, so expected must be []');
    }
  });
  for (const f of ctx.caseFiles) if (!listed.has(f)) out.push(`${f}: case file not listed in manifest.json`);
  return out;
}

function realContext(): Context {
  const caseFiles = readdirSync(join(DIR, 'cases')).map((f) => `cases/${f}`);
  const ids = new Set(readdirSync(join(ROOT, 'patterns')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')));
  return { caseFiles, ids };
}

describe('eval/realworld manifest', () => {
  it('is well-formed: files, ids, sources, notes, splits', () => {
    assert.ok(existsSync(join(DIR, 'manifest.json')), 'eval/realworld/manifest.json is missing');
    const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
    const problems = manifestProblems(manifest, realContext());
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('holds at least 60 cases, 20 of them healthy', () => {
    const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { expected: string[]; unknown?: string }[];
    assert.ok(manifest.length >= 60, `${manifest.length} cases`);
    const healthy = manifest.filter((c) => c.expected.length === 0 && c.unknown === undefined).length;
    assert.ok(healthy >= 20, `${healthy} healthy cases`);
  });

  describe('the checker reports what is wrong', () => {
    const ctx: Context = { caseFiles: ['cases/001-a.log', 'cases/002-b.log'], ids: new Set(['oom-killed', 'dns-resolution-failure']) };
    const good = [
      { file: 'cases/001-a.log', expected: ['oom-killed'], split: 'dev', source: 'https://github.com/o/r/issues/1', note: 'an OOM kill' },
      { file: 'cases/002-b.log', expected: [], split: 'holdout', source: 'http://example.org/q/2', note: 'a healthy start' },
    ];
    const problems = (edit: (m: any[]) => void) => {
      const m = JSON.parse(JSON.stringify(good));
      edit(m);
      return manifestProblems(m, ctx);
    };

    it('accepts a good manifest', () => assert.deepEqual(manifestProblems(good, ctx), []));
    it('a missing file, and a file on disk nobody lists', () => {
      const p = problems((m) => { m[1].file = 'cases/002-c.log'; });
      assert.ok(p.some((x) => x.startsWith('cases/002-c.log: file does not exist')), p.join('\n'));
      assert.ok(p.some((x) => x.startsWith('cases/002-b.log: case file not listed')), p.join('\n'));
    });
    it('an id the catalogue does not have', () => {
      assert.deepEqual(problems((m) => { m[0].expected = ['oom-kiled']; }), ['cases/001-a.log: expected id oom-kiled is not in the catalogue']);
    });
    it('a source that is not a web address', () => {
      for (const source of [undefined, '', 'github.com/o/r/issues/1', 'ftp://example.org/x', 'file:///etc/passwd', 'https://localhost/x']) {
        const p = problems((m) => { m[0].source = source; });
        assert.equal(p.length, 1, `${source}: ${p.join('; ')}`);
        assert.match(p[0], /source .* is not an http\(s\) URL/);
      }
    });
    it('a split that does not alternate, a missing or multi-line note', () => {
      const p = problems((m) => { m[0].split = 'holdout'; m[1].note = 'two\nlines'; delete m[0].note; });
      assert.equal(p.length, 3, p.join('\n'));
    });
    it('an unknown failure that also expects ids, a file name out of pattern, a non-array', () => {
      assert.deepEqual(problems((m) => { m[0].unknown = 'something'; }), ['cases/001-a.log: unknown is for failures no signature covers, so expected must be []']);
      assert.ok(problems((m) => { m[0].file = 'cases/1-a.log'; }).some((x) => x.includes('not cases/NNN-short-name.log')));
      assert.deepEqual(manifestProblems({ file: 'x' }, ctx), ['manifest.json: not a JSON array']);
    });
  });
});
