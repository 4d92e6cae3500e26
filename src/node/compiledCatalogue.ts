/**
 * The shipped catalogue compiled at build time: `npm run build` writes dist/catalogue.json (every
 * shipped signature file compiled to data, see src/core/catalogue/catalogueData.ts), and a run loads
 * it instead of parsing 60 YAML files, validating them and compiling their rules (most of the
 * start-up time before). The data holds a fingerprint of the files it was made from; a run hashes the
 * files (a few KB each) and uses the data only when they are still those, else it compiles them, so
 * an edited signature is never matched by its stale compiled form.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Catalogue, CATALOGUE_DATA_FORMAT, compileFiles, type CatalogueData, type CatalogueFile, type CompiledFile } from '../core';
import { builtinCatalogueDir, catalogueFiles } from './loadCatalogue';

/**
 * Where the build puts the compiled catalogue: beside the bundle, the data as JSON, and the prefilter's
 * tables (1.5 MB) as raw bytes in `catalogue.bin` beside it (as base64 in the JSON they cost ~10 ms to read).
 */
export const COMPILED_CATALOGUE = 'catalogue.json';

const TABLES = ['classOf', 'delta', 'outStart', 'outIds'] as const;

/** The bytes file of a data file. */
const binOf = (dataFile: string): string => dataFile.replace(/\.json$/, '') + '.bin';

/** Write compiled data: the JSON, its prefilter tables replaced by [offset, length] into the bytes file. */
export function writeCompiledCatalogue(dataFile: string, data: CatalogueData): void {
  const chunks: Buffer[] = [];
  let offset = 0;
  let json: unknown = data;
  if (data.prefilter) {
    const tables: Record<string, [number, number]> = {};
    for (const t of TABLES) {
      const a = data.prefilter[t];
      chunks.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      tables[t] = [offset, a.length];
      offset += a.byteLength; // every table is a multiple of 4 bytes but classOf (256), so all stay aligned
    }
    json = { ...data, prefilter: { ...data.prefilter, ...tables } };
  }
  writeFileSync(binOf(dataFile), Buffer.concat(chunks));
  // ASCII only (the few other characters as \u escapes, which JSON.parse gives back unchanged): the
  // file then decodes to a one-byte string, ~2 ms less of every start than UTF-8 text with a `→` in it.
  writeFileSync(
    dataFile,
    JSON.stringify(json).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/** Read what {@link writeCompiledCatalogue} wrote; throws when it cannot be read or does not fit. */
function readCompiledCatalogue(dataFile: string): CatalogueData {
  const data = JSON.parse(readFileSync(dataFile, 'utf8')) as CatalogueData;
  if (data.prefilter) {
    const bin = readFileSync(binOf(dataFile));
    // Its own ArrayBuffer, so the Int32Array views are aligned.
    const buf =
      bin.byteOffset === 0 && bin.buffer.byteLength === bin.byteLength ? bin.buffer : bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const p = data.prefilter as unknown as Record<string, [number, number]>;
    const view = (t: (typeof TABLES)[number]): Uint8Array | Int32Array => {
      const [at, n] = p[t];
      if (!Number.isInteger(at) || !Number.isInteger(n) || at < 0 || at + n * (t === 'classOf' ? 1 : 4) > buf.byteLength)
        throw new Error(`${binOf(dataFile)}: ${t} out of range`);
      return t === 'classOf' ? new Uint8Array(buf, at, n) : new Int32Array(buf, at, n);
    };
    data.prefilter = {
      ...data.prefilter,
      classOf: view('classOf') as Uint8Array,
      delta: view('delta') as Int32Array,
      outStart: view('outStart') as Int32Array,
      outIds: view('outIds') as Int32Array,
    };
  }
  return data;
}

const YAML = /\.ya?ml$/;

/**
 * Hash of the YAML files under `dir` (relative names and bytes), read plainly: a few ms for the shipped
 * files, against 15-20 ms for the careful reader (catalogueFiles). Undefined when anything there is
 * not a plain file or directory (a link, a FIFO ...) or cannot be read: then the data is not used and
 * the careful reader reads the files, so everything it would read is covered by the hash.
 */
function fingerprint(dir: string): string | undefined {
  try {
    const names = yamlNames(dir);
    if (!names) return undefined;
    const h = createHash('sha256');
    for (const n of names.sort())
      h.update(`${n}\0`)
        .update(readFileSync(join(dir, ...n.split('/'))))
        .update('\0');
    return h.digest('hex');
  } catch {
    return undefined;
  }
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

/** Every file name in the data rewritten (to relative names when written, to paths when loaded). */
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
  const print = fingerprint(dir);
  if (!print) throw new Error(`${dir}: the shipped signatures must be plain, readable files and directories`);
  const compiled = compileFiles(catalogueFiles(dir, true));
  const data: CatalogueData = { format: CATALOGUE_DATA_FORMAT, fingerprint: print, files: compiled };
  data.prefilter = new Catalogue([], { compiled: data }).prefilterData();
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
    data = readCompiledCatalogue(dataFile);
  } catch {
    return files();
  }
  if (data.format !== CATALOGUE_DATA_FORMAT || data.fingerprint !== fingerprint(dir)) return files();
  return { compiled: { ...data, files: mapFiles(data.files, (f) => join(dir, ...f.split('/'))) }, files: [] };
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
