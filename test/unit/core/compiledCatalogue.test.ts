/**
 * The shipped catalogue compiled at build time (dist/catalogue.json) must be the catalogue the YAML
 * gives: the same signatures, problems and prefilter, and the same diagnosis of every example
 * incident, every fixture log and a generated corpus. The data is made here in memory, the way the
 * build makes it, and loaded the way a run loads it (from a JSON file, through its fingerprint).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalogue, checkExamples, compileRule, diagnoseTexts, toJson, type CatalogueData } from '../../../src/core';
import { FACT_ONLY } from '../../../src/core/catalogue/catalogue';
import { builtinCatalogue, compileBuiltinCatalogue, writeCompiledCatalogue } from '../../../src/node/compiledCatalogue';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';

const ROOT = join(__dirname, '..', '..', '..');
const DIR = builtinCatalogueDir();

/** Every file under `dir` (sorted), skipping expectations and READMEs. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile() && !/(README\.md|expected\.json|\.expected\.json)$/.test(p));
}

/** The diagnosis as the CLI's JSON output, without what differs between two runs by nature. */
function diagnosed(cat: Catalogue, inputs: { name: string; text: string }[]): string {
  return JSON.stringify(toJson(diagnoseTexts(cat, inputs, { defaultYear: 2021 })));
}

describe('the compiled shipped catalogue (dist/catalogue.json)', function () {
  this.timeout(120_000);
  let tmp: string;
  let dataFile: string;
  let fromYaml: Catalogue;
  let fromData: Catalogue;
  const cacheHome = process.env.XDG_CACHE_HOME;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'pml-compiled-'));
    // The checks of the sources that passed are remembered in the user's cache folder: this test's own.
    process.env.XDG_CACHE_HOME = join(tmp, 'cache');
    dataFile = join(tmp, 'catalogue.json');
    writeCompiledCatalogue(dataFile, compileBuiltinCatalogue(DIR));
    const loaded = builtinCatalogue(DIR, dataFile);
    assert.ok(loaded.compiled, 'the data made from these files is used for them');
    assert.deepEqual(loaded.files, []);
    fromYaml = new Catalogue(catalogueFiles(DIR, true));
    fromData = new Catalogue([], { compiled: loaded.compiled });
  });
  after(() => {
    if (cacheHome === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = cacheHome;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('holds every signature, with the same problems, rules and prefilter literals', () => {
    assert.ok(fromYaml.signatures.length >= 60);
    // Written as ASCII (read faster); the shipped text's other characters come back through the escapes.
    assert.ok(/^[\x00-\x7e]*$/.test(readFileSync(dataFile, 'latin1')), 'the data file is ASCII');
    assert.ok(
      fromYaml.signatures.some((s) => /[^\x00-\x7e]/.test(JSON.stringify(s.signature))),
      'some shipped text is not ASCII',
    );
    assert.deepEqual(
      fromData.signatures.map((s) => s.signature),
      fromYaml.signatures.map((s) => s.signature),
    );
    assert.deepEqual(
      fromData.signatures.map((s) => s.origin),
      fromYaml.signatures.map((s) => s.origin),
    );
    assert.deepEqual(fromData.problems, fromYaml.problems);
    assert.deepEqual(fromData.prefilter.literals, fromYaml.prefilter.literals);
    assert.deepEqual(fromData.literalSteps, fromYaml.literalSteps);
    assert.deepEqual(fromData.unfiltered, fromYaml.unfiltered);
    // Which literals are error words and line facts' marker words (a marker alone is no candidate line, and log stores are asked for it).
    assert.deepEqual(fromData.errorLiteralIds, fromYaml.errorLiteralIds);
    assert.deepEqual(fromData.factLiterals, fromYaml.factLiterals);
    assert.ok(fromData.factLiterals.includes(FACT_ONLY), 'some marker words are no rule literal');
    // The automaton is taken from the data as built: same tables, same hits.
    assert.deepEqual(fromData.prefilterData(), fromYaml.prefilterData());
    const line = 'Warning  Evicted  kubelet  The node was low on resource: ephemeral-storage. Container failed to pull image; no space left on device';
    assert.deepEqual([...fromData.prefilter.find(line)].sort(), [...fromYaml.prefilter.find(line)].sort());
    assert.ok(fromData.prefilter.find(line).size >= 3);
    const steps = (c: Catalogue) =>
      c.signatures.flatMap((s) =>
        [...s.match, ...s.exclude].flatMap((r) =>
          r.steps.map((st) => ({
            parts: st.pattern.parts,
            grep: st.pattern.grepSource,
            flags: st.pattern.flags,
            types: st.captureTypes,
            literals: st.literals,
            where: st.condition,
            hasWhere: typeof st.where,
          })),
        ),
      );
    assert.deepEqual(steps(fromData), steps(fromYaml));
    // Both go through the data; each rule must also be what compiling its text gives, nothing lost.
    const direct = (c: Catalogue) =>
      c.signatures.flatMap((s) =>
        [...s.match, ...s.exclude].flatMap((r) =>
          compileRule(r.source, true).value!.steps.map((st) => ({
            parts: st.pattern.parts,
            grep: st.pattern.grepSource,
            flags: st.pattern.flags,
            types: st.captureTypes,
            literals: st.literals,
            where: st.condition,
            hasWhere: typeof st.where,
          })),
        ),
      );
    assert.deepEqual(steps(fromData), direct(fromYaml));
    assert.ok(
      steps(fromData).some((s) => s.where !== undefined && s.hasWhere === 'function'),
      'some steps have WHERE conditions',
    );
  });

  it("builds a step's regexes when the step is first run, and names the step when one cannot be built", () => {
    const built = (c: Catalogue) =>
      c.signatures.flatMap((s) => s.match.flatMap((r) => r.steps)).filter((st) => (st.pattern as unknown as { built?: unknown }).built !== undefined).length;
    const data = compileBuiltinCatalogue(DIR);
    const fresh = new Catalogue([], { compiled: data });
    assert.equal(built(fresh), 0, 'loading builds no step regex');
    const text = 'Warning  Evicted  kubelet  The node was low on resource: ephemeral-storage.';
    const hits = diagnoseTexts(fresh, [{ name: 'a.log', text }], { defaultYear: 2021 }).findings.map((f) => f.signatureId);
    assert.deepEqual(
      hits,
      diagnoseTexts(fromYaml, [{ name: 'a.log', text }], { defaultYear: 2021 }).findings.map((f) => f.signatureId),
    );
    assert.ok(hits.length > 0);
    assert.ok(built(fresh) > 0 && built(fresh) < 100, `a one-line diagnosis built ${built(fresh)} steps`);
    // Data this engine cannot read (say, made by another engine): a clear error naming the step, on use.
    const step = data.files.find((f) => f.signature?.signature.id === hits[0])!.signature!.match[0].steps[0];
    step.chains[0][0].source = '(?<';
    const broken = new Catalogue([], { compiled: data });
    assert.throws(
      () => broken.get(hits[0])!.match[0].steps[0].pattern.test(text),
      (err: Error) => err.message.startsWith(`cannot build the rule step ${JSON.stringify(step.grepSource)}: Invalid regular expression`),
    );
  });

  it('makes from the data file only the rules and texts a run reads', () => {
    writeCompiledCatalogue(dataFile, compileBuiltinCatalogue(DIR));
    const cat = new Catalogue([], { compiled: builtinCatalogue(DIR, dataFile).compiled });
    const made = (o: object, key: string): boolean => 'value' in Object.getOwnPropertyDescriptor(o, key)!;
    assert.equal(cat.signatures.filter((s) => made(s, 'match')).length, 0, 'loading makes no rule');
    // A listing reads the eager fields only.
    assert.ok(cat.signatures.every((s) => s.signature.id && s.signature.title && s.signature.severity));
    const text = 'Warning  Evicted  kubelet  The node was low on resource: ephemeral-storage.';
    const findings = diagnoseTexts(cat, [{ name: 'a.log', text }], { defaultYear: 2021 }).findings;
    assert.deepEqual(
      findings.map((f) => [f.signatureId, f.occurrences.length]),
      diagnoseTexts(fromYaml, [{ name: 'a.log', text }], { defaultYear: 2021 }).findings.map((f) => [f.signatureId, f.occurrences.length]),
    );
    const withRules = cat.signatures.filter((s) => made(s, 'match')).length;
    assert.ok(withRules > 0 && withRules < cat.signatures.length / 4, `a one-line diagnosis made the rules of ${withRules} signatures`);
    // A signature's texts come back whole when read, in the file's key order.
    const sig = cat.get(findings[0].signatureId)!.signature;
    assert.deepEqual(Object.keys(sig), Object.keys(fromYaml.get(sig.id)!.signature));
    assert.equal(sig.explanation, fromYaml.get(sig.id)!.signature.explanation);
  });

  it("passes every signature's own examples, as the YAML does", () => {
    assert.deepEqual(checkExamples(fromData), checkExamples(fromYaml));
    assert.deepEqual(
      checkExamples(fromData).filter((p) => p.level === 'error'),
      [],
    );
  });

  it('diagnoses every example incident identically', () => {
    const bundles = readdirSync(join(ROOT, 'examples')).filter((n) => statSync(join(ROOT, 'examples', n)).isDirectory());
    assert.ok(bundles.length >= 5);
    for (const b of bundles) {
      const inputs = filesUnder(join(ROOT, 'examples', b)).map((p) => ({ name: p, text: readFileSync(p, 'utf8') }));
      const a = diagnosed(fromYaml, inputs);
      assert.equal(diagnosed(fromData, inputs), a, b);
      assert.ok(JSON.parse(a).findings.length > 0, `${b} has findings`);
    }
  });

  it('diagnoses every fixture log identically', () => {
    const logs = [...filesUnder(join(ROOT, 'test', 'fixtures', 'logs')), ...filesUnder(join(ROOT, 'test', 'fixtures', 'pasted'))];
    assert.ok(logs.length >= 30, `${logs.length} fixtures`);
    let findings = 0;
    for (const p of logs) {
      const inputs = [{ name: p, text: readFileSync(p, 'utf8') }];
      const a = diagnosed(fromYaml, inputs);
      assert.equal(diagnosed(fromData, inputs), a, p);
      findings += JSON.parse(a).findings.length;
    }
    assert.ok(findings > 20, `${findings} findings over the fixtures`);
  });

  it('diagnoses a generated corpus (many log kinds, injected failures) identically', () => {
    // Blocks are the size of real files, so a few seeds give more kinds than one larger file.
    const inputs = [1, 2, 3, 42].map((seed) => {
      const corpus = join(tmp, `corpus-${seed}.log`);
      execFileSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), '--size', '1', '--out', corpus, '--seed', String(seed), '--failure-rate', '0.01'], {
        stdio: 'pipe',
      });
      return { name: corpus, text: readFileSync(corpus, 'utf8') };
    });
    const a = diagnosed(fromYaml, inputs);
    assert.equal(diagnosed(fromData, inputs), a);
    const d = JSON.parse(a) as { findings: unknown[]; inputs: { kinds: string[] }[] };
    assert.ok(d.findings.length >= 10, `${d.findings.length} findings in the corpus`);
    assert.ok(new Set(d.inputs.flatMap((i) => i.kinds)).size >= 3, 'several log kinds');
  });

  it("gives the same catalogue with a user's files beside it (overrides, duplicates, problems)", () => {
    const user = catalogueFiles(join(ROOT, 'test', 'fixtures', 'patterns-user'), false);
    const builtin = catalogueFiles(DIR, true);
    const override = {
      ...builtin.find((f) => f.file.endsWith('no-space-left-on-device.yaml'))!,
      builtin: false,
      file: join(tmp, 'mine', 'no-space-left-on-device.yaml'),
    };
    override.text = override.text.replace(/^title: .*$/m, 'title: My own ENOSPC');
    const broken = { file: join(tmp, 'mine', 'broken.yaml'), text: 'id: broken\ntitle: [unclosed\n' };
    const a = new Catalogue([...builtin, ...user, override, broken]);
    const b = new Catalogue([...user, override, broken], { compiled: builtinCatalogue(DIR, dataFile).compiled });
    assert.deepEqual(b.problems, a.problems);
    assert.deepEqual(
      b.signatures.map((s) => s.signature),
      a.signatures.map((s) => s.signature),
    );
    assert.equal(b.get('no-space-left-on-device')?.signature.title, 'My own ENOSPC');
    // The user's literals are in the prefilter: it was built anew, not taken from the shipped data.
    assert.deepEqual(b.prefilterData(), a.prefilterData());
    assert.ok(b.prefilter.literals.length > fromData.prefilter.literals.length);
    const deadlock = 'ERROR Deadlock found when trying to get lock; try restarting transaction';
    assert.deepEqual([...b.prefilter.find(deadlock)].sort(), [...a.prefilter.find(deadlock)].sort());
    assert.ok([...b.prefilter.find(deadlock)].some((id) => b.literalSteps[id]?.some((ref) => b.signatures[ref.sig].signature.id === 'custom-app-deadlock')));
    assert.ok(a.problems.some((p) => p.file === broken.file && p.level === 'error'));
  });

  it('is not used once a shipped file changed, added or went: the files are compiled instead', () => {
    const copy = join(tmp, 'patterns');
    cpSync(DIR, copy, { recursive: true });
    const data = compileBuiltinCatalogue(copy);
    writeCompiledCatalogue(dataFile, data);
    assert.ok(builtinCatalogue(copy, dataFile).compiled, 'fresh data is used');
    const file = join(copy, 'no-space-left-on-device.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^title: .*$/m, 'title: Edited after the build'));
    const edited = builtinCatalogue(copy, dataFile);
    assert.equal(edited.compiled, undefined);
    assert.equal(new Catalogue(edited.files).get('no-space-left-on-device')?.signature.title, 'Edited after the build');
    writeFileSync(file, text);
    assert.ok(builtinCatalogue(copy, dataFile).compiled, 'the same files again: the data is used');
    writeFileSync(join(copy, 'extra-signature.yaml'), '# added after the build\n');
    assert.equal(builtinCatalogue(copy, dataFile).compiled, undefined);
    rmSync(join(copy, 'extra-signature.yaml'));
    mkdirSync(join(copy, 'more'));
    writeFileSync(join(copy, 'more', 'nested.yaml'), '# in a folder, added after the build\n');
    assert.equal(builtinCatalogue(copy, dataFile).compiled, undefined, 'a file in a folder counts too');
    writeCompiledCatalogue(dataFile, compileBuiltinCatalogue(copy));
    assert.ok(builtinCatalogue(copy, dataFile).compiled, 'data made with the folder is used');
    writeFileSync(join(copy, 'more', 'nested.yaml'), '# in a folder, edited after the build\n');
    assert.equal(builtinCatalogue(copy, dataFile).compiled, undefined, 'a file in a folder, edited');
    rmSync(join(copy, 'more'), { recursive: true });
    symlinkSync(tmp, join(copy, 'linked-folder'));
    assert.equal(builtinCatalogue(copy, dataFile).compiled, undefined, 'a link to a folder');
    rmSync(join(copy, 'linked-folder'));
    writeCompiledCatalogue(dataFile, data);
    assert.ok(builtinCatalogue(copy, dataFile).compiled);
    // A link is not hashed (what it points to may change): the careful reader decides.
    symlinkSync(file, join(copy, 'linked.yaml'));
    assert.equal(builtinCatalogue(copy, dataFile).compiled, undefined);
    rmSync(join(copy, 'linked.yaml'));
    rmSync(join(copy, 'dns-resolution-failure.yaml'));
    assert.equal(builtinCatalogue(copy, dataFile).compiled, undefined);
  });

  it('remembers a check of the files that passed, by their names, sizes and times', () => {
    const copy = join(tmp, 'patterns-memo');
    cpSync(DIR, copy, { recursive: true });
    writeCompiledCatalogue(dataFile, compileBuiltinCatalogue(copy));
    const checks = join(tmp, 'cache', 'postmortem-lens', 'catalogue-checks');
    rmSync(checks, { recursive: true, force: true });
    const file = join(copy, 'no-space-left-on-device.yaml');
    // A time in whole seconds, so that setting it again gives back the very same time.
    const atime = new Date('2026-01-02T03:04:05Z');
    const mtime = new Date('2026-01-02T03:04:05Z');
    utimesSync(file, atime, mtime);
    assert.ok(builtinCatalogue(copy, dataFile).compiled);
    assert.equal(readdirSync(checks).length, 1, 'the passed check is remembered');
    // Same size and time, other bytes: not read again (as make would not); any other time: read, and refused.
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('title:', 'title;'));
    utimesSync(file, atime, mtime);
    assert.ok(builtinCatalogue(copy, dataFile).compiled, 'the remembered listing');
    utimesSync(file, atime, new Date(mtime.getTime() + 1000));
    assert.equal(builtinCatalogue(copy, dataFile).compiled, undefined, 'another time: the files are hashed, and differ');
    writeFileSync(file, text);
    assert.ok(builtinCatalogue(copy, dataFile).compiled);
    assert.equal(readdirSync(checks).length, 1, 'one memo per data file: the older listing is gone');
    rmSync(checks, { recursive: true, force: true });
  });

  it('is not used when it is unreadable or of another format', () => {
    writeCompiledCatalogue(dataFile, compileBuiltinCatalogue(DIR));
    assert.ok(builtinCatalogue(DIR, dataFile).compiled);
    writeFileSync(dataFile.replace(/json$/, 'bin'), Buffer.alloc(100));
    assert.equal(builtinCatalogue(DIR, dataFile).compiled, undefined, 'tables cut short');
    rmSync(dataFile.replace(/json$/, 'bin'));
    assert.equal(builtinCatalogue(DIR, dataFile).compiled, undefined, 'tables missing');
    writeCompiledCatalogue(dataFile, compileBuiltinCatalogue(DIR));
    const lazy = dataFile.replace(/json$/, 'lazy');
    writeFileSync(lazy, readFileSync(lazy).subarray(0, 1000));
    assert.equal(builtinCatalogue(DIR, dataFile).compiled, undefined, 'rules and texts cut short');
    rmSync(lazy);
    assert.equal(builtinCatalogue(DIR, dataFile).compiled, undefined, 'rules and texts missing');
    writeFileSync(dataFile, '{"format": 1, "fing');
    assert.equal(builtinCatalogue(DIR, dataFile).compiled, undefined);
    const other: CatalogueData = { ...compileBuiltinCatalogue(DIR), format: 999 };
    writeCompiledCatalogue(dataFile, other);
    assert.equal(builtinCatalogue(DIR, dataFile).compiled, undefined);
    assert.ok(builtinCatalogue(DIR, dataFile).files.length >= 60);
    assert.throws(() => new Catalogue([], { compiled: other }), /format 999.*rebuild/);
  });
});
