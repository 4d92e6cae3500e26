/**
 * The shipped catalogue compiled at build time: `npm run build` writes dist/catalogue.json (every
 * shipped signature file compiled to data, see src/core/catalogue/catalogueData.ts), and a run loads
 * it instead of parsing 60 YAML files, validating them and compiling their rules (most of the
 * start-up time before). The data holds a fingerprint of the files it was made from; a run reads the
 * files (a few KB each) and uses the data only when they are still those, else it compiles them, so
 * an edited signature is never matched by its stale compiled form.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Catalogue, CATALOGUE_DATA_FORMAT, compileFiles, type CatalogueData, type CatalogueFile, type CompiledFile } from '../core';
import { builtinCatalogueDir, catalogueFiles } from './loadCatalogue';

/** Where the build puts the compiled catalogue: beside the bundle. */
export const COMPILED_CATALOGUE = 'catalogue.json';

/** Hash of the files' names (relative to `dir`) and texts: what the compiled data was made from. */
function fingerprint(dir: string, files: readonly CatalogueFile[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${relative(dir, f.file).split(sep).join('/')}\0${f.unread ? `unread: ${f.unread.message}` : f.text}\0`);
  return h.digest('hex');
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
  const files = catalogueFiles(dir, true);
  const compiled = compileFiles(files);
  const data: CatalogueData = { format: CATALOGUE_DATA_FORMAT, fingerprint: fingerprint(dir, files), files: compiled };
  data.prefilter = new Catalogue([], { compiled: data }).prefilterData();
  data.files = mapFiles(compiled, (f) => relative(dir, f).split(sep).join('/'));
  return data;
}

/**
 * The shipped catalogue: `compiled` when the build's data matches the files in `dir`, else the files
 * themselves (`files`, to be compiled), e.g. when running from sources or after editing a shipped file.
 */
export function builtinCatalogue(dir = builtinCatalogueDir(), dataFile = join(__dirname, COMPILED_CATALOGUE)): { compiled?: CatalogueData; files: CatalogueFile[] } {
  const files = catalogueFiles(dir, true);
  if (!existsSync(dataFile)) return { files };
  let data: CatalogueData;
  try {
    data = JSON.parse(readFileSync(dataFile, 'utf8')) as CatalogueData;
  } catch {
    return { files };
  }
  if (data.format !== CATALOGUE_DATA_FORMAT || data.fingerprint !== fingerprint(dir, files)) return { files };
  return { compiled: { ...data, files: mapFiles(data.files, (f) => join(dir, ...f.split('/'))) }, files: [] };
}
