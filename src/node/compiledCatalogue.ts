/**
 * The shipped catalogue compiled at build time: `npm run build` writes dist/catalogue.json (every
 * shipped signature file compiled to data, see src/core/catalogue/catalogueData.ts), and a run loads
 * it instead of parsing 60 YAML files, validating them and compiling their rules (most of the
 * start-up time before). The data holds a fingerprint of the files it was made from; a run hashes the
 * files (a few KB each) and uses the data only when they are still those, else it compiles them, so
 * an edited signature is never matched by its stale compiled form.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Catalogue, CATALOGUE_DATA_FORMAT, compileFiles, type CatalogueData, type CatalogueFile, type CompiledFile } from '../core';
import { builtinCatalogueDir, catalogueFiles } from './loadCatalogue';

/** Where the build puts the compiled catalogue: beside the bundle. */
export const COMPILED_CATALOGUE = 'catalogue.json';

const YAML = /\.ya?ml$/;

/**
 * Hash of the YAML files under `dir` (relative names and bytes), read plainly: a few ms for the shipped
 * files, against 15-20 ms for the careful reader (catalogueFiles). Undefined when anything there is
 * not a plain file or directory (a link, a FIFO ...) or cannot be read: then the data is not used and
 * the careful reader reads the files, so everything it would read is covered by the hash.
 */
function fingerprint(dir: string): string | undefined {
  try {
    const names: string[] = [];
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isDirectory()) continue;
      if (!e.isFile()) return undefined;
      if (YAML.test(e.name)) names.push(relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
    }
    const h = createHash('sha256');
    for (const n of names.sort()) h.update(`${n}\0`).update(readFileSync(join(dir, ...n.split('/')))).update('\0');
    return h.digest('hex');
  } catch {
    return undefined;
  }
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
export function builtinCatalogue(dir = builtinCatalogueDir(), dataFile = join(__dirname, COMPILED_CATALOGUE)): { compiled?: CatalogueData; files: CatalogueFile[] } {
  const files = (): { files: CatalogueFile[] } => ({ files: catalogueFiles(dir, true) });
  if (!existsSync(dataFile)) return files();
  let data: CatalogueData;
  try {
    data = JSON.parse(readFileSync(dataFile, 'utf8')) as CatalogueData;
  } catch {
    return files();
  }
  if (data.format !== CATALOGUE_DATA_FORMAT || data.fingerprint !== fingerprint(dir)) return files();
  return { compiled: { ...data, files: mapFiles(data.files, (f) => join(dir, ...f.split('/'))) }, files: [] };
}
