/**
 * The shipped catalogue compiled at build time: `npm run build` writes dist/catalogue.json (every
 * shipped signature file compiled to data, see src/core/catalogue/catalogueData.ts), and a run loads
 * it instead of parsing 60 YAML files, validating them and compiling their rules (most of the
 * start-up time before). The data holds a fingerprint of the files it was made from; a run checks the
 * files against it (sameSources) and uses the data only when they are still those, else it compiles
 * them, so an edited signature is never matched by its stale compiled form.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Catalogue, CATALOGUE_DATA_FORMAT, compileFiles, type CatalogueData, type CatalogueFile, type CompiledFile, type SignatureData } from '../core';
import type { Signature, SignatureOrigin } from '../model';
import type { PrefilterData } from '../core/match/prefilter';
import type { RuleData } from '../core/rules/compiledRule';
import { builtinCatalogueDir, catalogueFiles } from './loadCatalogue';
import { putCacheFile, userCacheDir } from './codeCache';
import { quickHash } from './quickHash';

/**
 * Where the build puts the compiled catalogue, beside the bundle: the data as JSON; the prefilter's
 * tables as raw bytes in `catalogue.bin` (as base64 in the JSON they cost ~10 ms to read); and each
 * signature's rules and texts (its explanation, checks, examples ...) as JSON texts in
 * `catalogue.lazy`, parsed when first read. The JSON keeps what every run reads: ids, titles,
 * severities, kinds, origins and which rule steps each literal starts. A run then parses 0.7 MB
 * instead of 4 MB and builds only the rules of the signatures whose literals its lines hold.
 */
export const COMPILED_CATALOGUE = 'catalogue.json';

const TABLES = ['classOf', 'delta', 'outStart', 'outIds'] as const;

/** A signature's fields that every run reads (listing, ranking, kinds, links); the others are read lazily. */
const EAGER_FIELDS: ReadonlySet<string> = new Set(['id', 'title', 'status', 'severity', 'category', 'appliesTo', 'crossCheck', 'headline', 'related']);

/** A signature as the JSON file holds it: its eager fields, all its field names in order, and where the rest is. */
interface StoredSignature {
  keys: string[];
  eager: Partial<Signature>;
  origin: SignatureOrigin;
  /** Offset and length in `catalogue.lazy` of `{"match": ..., "exclude": ...}` (rules as data), then of its other fields. */
  lazy: [number, number, number, number];
}

/** The bytes file and the lazy texts' file of a data file. */
const binOf = (dataFile: string): string => dataFile.replace(/\.json$/, '') + '.bin';
const lazyOf = (dataFile: string): string => dataFile.replace(/\.json$/, '') + '.lazy';

/**
 * JSON as ASCII (the few other characters as \u escapes, which JSON.parse gives back unchanged): the
 * file then decodes to a one-byte string, ~2 ms less of every start than UTF-8 text with a `→` in it,
 * and an offset in characters is an offset in bytes.
 */
const asciiJson = (v: unknown): string => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Write compiled data: the JSON, its prefilter tables and its signatures' lazy parts in the files beside it. */
export function writeCompiledCatalogue(dataFile: string, data: CatalogueData): void {
  const chunks: Buffer[] = [];
  let offset = 0;
  let prefilter: unknown = data.prefilter;
  if (data.prefilter) {
    const tables: Record<string, [number, number]> = {};
    for (const t of TABLES) {
      const a = data.prefilter[t];
      chunks.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      tables[t] = [offset, a.length];
      offset += a.byteLength; // every table is a multiple of 4 bytes but classOf (256), so all stay aligned
    }
    prefilter = { ...data.prefilter, ...tables };
  }
  writeFileSync(binOf(dataFile), Buffer.concat(chunks));
  const lazy: string[] = [];
  let at = 0;
  const put = (v: unknown): [number, number] => {
    const text = asciiJson(v);
    lazy.push(text);
    at += text.length;
    return [at - text.length, text.length];
  };
  const files = data.files.map((f) => {
    if (!f.signature) return f;
    const { signature, origin, match, exclude } = f.signature;
    const eager: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(signature)) (EAGER_FIELDS.has(k) ? eager : rest)[k] = v;
    const stored: StoredSignature = { keys: Object.keys(signature), eager, origin, lazy: [...put({ match, exclude }), ...put(rest)] };
    return { ...f, signature: stored };
  });
  writeFileSync(lazyOf(dataFile), lazy.join(''));
  writeFileSync(dataFile, asciiJson({ ...data, files, prefilter }));
}

/**
 * Read what {@link writeCompiledCatalogue} wrote, file names made paths by `toPath`; throws when it
 * cannot be read or does not fit. Each signature's lazy parts are parsed when one of them is first read.
 */
function readCompiledCatalogue(dataFile: string, toPath: (file: string) => string): CatalogueData {
  const data = JSON.parse(readFileSync(dataFile, 'latin1')) as CatalogueData;
  // Another format's signatures are not stored as this reader reads them: the caller compiles the files.
  if (data.format !== CATALOGUE_DATA_FORMAT) return data;
  if (data.prefilter) {
    // The tables (16 MB) are read when the automaton is first made (a listing never makes it).
    let tables: Record<(typeof TABLES)[number], Uint8Array | Int32Array> | undefined;
    const p = data.prefilter as unknown as Record<string, [number, number]>;
    const read = (): NonNullable<typeof tables> => {
      const bin = readFileSync(binOf(dataFile));
      // Its own ArrayBuffer, so the Int32Array views are aligned.
      const buf =
        bin.byteOffset === 0 && bin.buffer.byteLength === bin.byteLength ? bin.buffer : bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
      const view = (t: (typeof TABLES)[number]): Uint8Array | Int32Array => {
        const [at, n] = p[t];
        if (at + n * (t === 'classOf' ? 1 : 4) > buf.byteLength) throw new Error(`${binOf(dataFile)}: changed while in use`);
        return t === 'classOf' ? new Uint8Array(buf, at, n) : new Int32Array(buf, at, n);
      };
      return { classOf: view('classOf'), delta: view('delta'), outStart: view('outStart'), outIds: view('outIds') };
    };
    // Checked now by size, so that tables cut short or gone make the run compile the files instead.
    const binSize = statSync(binOf(dataFile)).size;
    for (const t of TABLES) {
      const [at, n] = p[t];
      if (!Number.isInteger(at) || !Number.isInteger(n) || at < 0 || at + n * (t === 'classOf' ? 1 : 4) > binSize)
        throw new Error(`${binOf(dataFile)}: ${t} out of range`);
    }
    const prefilter = { literals: data.prefilter.literals, classes: data.prefilter.classes } as PrefilterData;
    for (const t of TABLES) Object.defineProperty(prefilter, t, { enumerable: true, get: () => (tables ??= read())[t] });
    data.prefilter = prefilter;
  }
  // The lazy texts: their bounds checked now, against the file's size.
  const lazySize = statSync(lazyOf(dataFile)).size;
  for (const f of data.files) {
    const [ra, rl, da, dl] = (f.signature as unknown as StoredSignature | undefined)?.lazy ?? [0, 0, 0, 0];
    if (![ra, rl, da, dl].every((n) => Number.isInteger(n) && n >= 0) || ra + rl > lazySize || da + dl > lazySize)
      throw new Error(`${lazyOf(dataFile)}: ${f.file} out of range`);
  }
  // Each part read on its own (a diagnosis reads a few dozen): the 3.8 MB file is never held whole.
  const part = (at: number, length: number): Record<string, unknown> => {
    const bytes = Buffer.allocUnsafe(length);
    const fd = openSync(lazyOf(dataFile), 'r');
    try {
      if (readSync(fd, bytes, 0, length, at) !== length) throw new Error(`${lazyOf(dataFile)}: changed while in use`);
    } finally {
      closeSync(fd);
    }
    return JSON.parse(bytes.toString('latin1')) as Record<string, unknown>;
  };
  data.files = data.files.map((f) => {
    const file = toPath(f.file);
    const problems = f.problems.map((pr) => ({ ...pr, file: toPath(pr.file) }));
    if (!f.signature) return { ...f, file, problems };
    const stored = f.signature as unknown as StoredSignature;
    const [ruleAt, ruleLength, restAt, restLength] = stored.lazy;
    let rules: { match: RuleData[]; exclude: RuleData[] } | undefined;
    let rest: Record<string, unknown> | undefined;
    const signature = {} as Record<string, unknown>;
    for (const k of stored.keys) {
      if (k in stored.eager) signature[k] = (stored.eager as Record<string, unknown>)[k];
      else Object.defineProperty(signature, k, { enumerable: true, configurable: true, get: () => (rest ??= part(restAt, restLength))[k] });
    }
    const sig = { signature: signature as unknown as Signature, origin: { ...stored.origin, file: toPath(stored.origin.file) } } as SignatureData;
    for (const k of ['match', 'exclude'] as const)
      Object.defineProperty(sig, k, { enumerable: true, get: () => (rules ??= part(ruleAt, ruleLength) as unknown as typeof rules)![k] });
    return { ...f, file, problems, signature: sig };
  });
  return data;
}

const YAML = /\.ya?ml$/;

/**
 * Hash of the YAML files `names` under `dir` (relative names and bytes), read plainly; undefined when
 * one cannot be read. `node:crypto` is loaded here, when a build or a first run needs it, not at every start.
 */
function fingerprint(dir: string, names: readonly string[]): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed, see above
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    const h = createHash('sha256');
    for (const n of names)
      h.update(`${n}\0`)
        .update(readFileSync(join(dir, ...n.split('/'))))
        .update('\0');
    return h.digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Are the YAML files under `dir` still those the data was made from (its fingerprint `print`)? Hashing
 * them (reading 400 files) took 10-15 ms of every start with `node:crypto` loaded for it, so a check
 * that passed is remembered in the user's cache folder under the files' names, sizes and modification
 * times: a later run with the same listing only lists the files. As with make, a file edited back to its
 * size and time is not seen. False when anything there is not a plain file or directory (a link, a FIFO
 * ...): then the careful reader reads the files, so everything it would read is covered by the check.
 */
function sameSources(dir: string, print: string, dataFile: string): boolean {
  let names: string[] | undefined;
  let listing: string;
  try {
    names = yamlNames(dir);
    if (!names) return false;
    names.sort();
    listing = names
      .map((n) => {
        const st = statSync(join(dir, ...n.split('/')));
        return `${n}\0${st.size}\0${st.mtimeMs}\n`;
      })
      .join('');
  } catch {
    return false;
  }
  // The memo of this data file: its fingerprint in the name, the listing that passed inside.
  const checks = join(userCacheDir(), 'catalogue-checks');
  const prefix = `${quickHash(dataFile)}-`;
  const memo = join(checks, `${prefix}${quickHash(print)}`);
  try {
    if (readFileSync(memo, 'utf8') === listing) return true;
  } catch {
    // No memo yet.
  }
  if (fingerprint(dir, names) !== print) return false;
  putCacheFile(checks, memo, listing, prefix);
  return true;
}

/**
 * Relative names (`/`-separated) of the YAML files under `dir`, or undefined when anything there is
 * neither a plain file nor a directory. Walked folder by folder: Node 20's `readdirSync(dir, {
 * recursive: true })` took ~4 ms of every start over the shipped folder, this ~0.7 ms.
 */
function yamlNames(dir: string, prefix = '', names: string[] = []): string[] | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!yamlNames(join(dir, e.name), `${prefix}${e.name}/`, names)) return undefined;
    } else if (!e.isFile()) {
      return undefined;
    } else if (YAML.test(e.name)) {
      names.push(prefix + e.name);
    }
  }
  return names;
}

/** Every file name in the data rewritten (to relative names, when written). */
function mapFiles(files: CompiledFile[], to: (file: string) => string): CompiledFile[] {
  return files.map((c) => ({
    ...c,
    file: to(c.file),
    problems: c.problems.map((p) => ({ ...p, file: to(p.file) })),
    ...(c.signature ? { signature: { ...c.signature, origin: { ...c.signature.origin, file: to(c.signature.origin.file) } } } : {}),
  }));
}

/** Compile the shipped files in `dir` to data with relative file names (the build step). */
export function compileBuiltinCatalogue(dir = builtinCatalogueDir()): CatalogueData {
  const names = yamlNames(dir)?.sort();
  const print = names && fingerprint(dir, names);
  if (!print) throw new Error(`${dir}: the shipped signatures must be plain, readable files and directories`);
  const compiled = compileFiles(catalogueFiles(dir, true));
  const data: CatalogueData = { format: CATALOGUE_DATA_FORMAT, fingerprint: print, files: compiled };
  const catalogue = new Catalogue([], { compiled: data });
  data.prefilter = catalogue.prefilterData();
  data.index = catalogue.indexData();
  data.files = mapFiles(compiled, (f) => relative(dir, f).split(sep).join('/'));
  return data;
}

/**
 * The shipped catalogue: `compiled` when the build's data matches the files in `dir`, else the files
 * themselves (`files`, to be compiled), e.g. when running from sources or after editing a shipped file.
 */
export function builtinCatalogue(
  dir = builtinCatalogueDir(),
  dataFile = join(__dirname, COMPILED_CATALOGUE),
): { compiled?: CatalogueData; files: CatalogueFile[] } {
  const files = (): { files: CatalogueFile[] } => ({ files: catalogueFiles(dir, true) });
  if (!existsSync(dataFile)) return files();
  let data: CatalogueData;
  try {
    data = readCompiledCatalogue(dataFile, (f) => join(dir, ...f.split('/')));
  } catch {
    return files();
  }
  if (data.format !== CATALOGUE_DATA_FORMAT || !sameSources(dir, data.fingerprint, dataFile)) return files();
  return { compiled: data, files: [] };
}

/** What a catalogue is built from: the shipped signatures' folder and the user's files, already read. */
export interface CatalogueSources {
  builtinDir: string;
  userFiles: CatalogueFile[];
}

/**
 * The catalogue of these sources: the shipped signatures as the build compiled them (unless their
 * files changed) and the user's files compiled now. The extension builds it on its host and in its
 * analysis worker from the same sources, so both hold the same catalogue.
 */
export function catalogueFromSources(sources: CatalogueSources): Catalogue {
  const builtin = builtinCatalogue(sources.builtinDir);
  return new Catalogue([...builtin.files, ...sources.userFiles], { compiled: builtin.compiled });
}
