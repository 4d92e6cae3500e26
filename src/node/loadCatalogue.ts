/** Node IO shared by the adapters: reads catalogue directories (the shipped one plus the user's) into a compiled Catalogue. */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeBytes, MAX_SIGNATURE_FILE_BYTES, oversizeProblem, type Catalogue, type CatalogueFile } from '../core';
import { errnoWords } from './errnoWords';
import { walkFiles } from './logFiles';
import { catalogueFromSources, type CatalogueSources } from './compiledCatalogue';

/** The shipped patterns/ directory, next to dist/ in the package. */
export function builtinCatalogueDir(): string {
  const candidates = [resolve(__dirname, '..', 'patterns'), resolve(__dirname, '..', '..', 'patterns')];
  return candidates.find((d) => existsSync(join(d, 'signature.schema.json'))) ?? candidates[0];
}

const YAML = /\.ya?ml$/;

/**
 * A signature file's bytes as text, or why it is not read. The size is checked before anything is
 * read, and no more than the bound is read even if the file grows meanwhile.
 */
export function readSignatureFile(file: string, builtin: boolean): CatalogueFile {
  let fd: number | undefined;
  try {
    const st = statSync(file);
    if (st.size > MAX_SIGNATURE_FILE_BYTES) {
      const { level, message } = oversizeProblem(file, st.size);
      return { file, text: '', builtin, unread: { level, message } };
    }
    fd = openSync(file, 'r');
    // One byte more than its size says, to see a file that grows while it is read (never past the bound).
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, n);
    if (n > st.size)
      return {
        file,
        text: '',
        builtin,
        unread: { level: 'error', message: 'it grew while it was read, so it was not read; save it again (or reload the signatures) when it is written' },
      };
    return { file, text: decodeBytes(buf.subarray(0, n)).text, builtin };
  } catch (err) {
    return { file, text: '', builtin, unread: { level: 'error', message: `cannot read it: ${errnoWords(err)}` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * YAML files of a directory (recursive), sorted. What cannot be read as one (a FIFO or device named
 * `*.yaml`, a link to nothing, a loop of links, a directory cycle, a file too large) is returned as
 * an unread file that says why, so it is reported at file:line and the rest loads. Throws only when
 * `dir` itself cannot be listed.
 */
export function catalogueFiles(dir: string, builtin: boolean): CatalogueFile[] {
  const out: CatalogueFile[] = [];
  const skipped = (file: string, why: string, directory: boolean): void => {
    if (directory || YAML.test(file))
      out.push({ file, text: '', builtin, unread: { level: 'warning', message: `skipped: ${why.replace(/; to read part of it.*$/, '')}` } });
  };
  for (const file of walkFiles(dir, (name) => !name.startsWith('.'), skipped)) if (YAML.test(file)) out.push(readSignatureFile(file, builtin));
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * What the shipped catalogue plus user directories are built from: the user's files read now (so a
 * worker thread builds the same catalogue from them). Throws only when a directory cannot be read.
 */
export function catalogueSources(userDirs: readonly string[] = []): CatalogueSources {
  const userFiles: CatalogueFile[] = [];
  for (const d of userDirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new Error(`catalogue directory not found: ${d}`);
    userFiles.push(...catalogueFiles(d, false));
  }
  return { builtinDir: builtinCatalogueDir(), userFiles };
}

/** The shipped catalogue (compiled at build time, see compiledCatalogue.ts) plus user directories. Throws only when a directory cannot be read. */
export function loadCatalogue(userDirs: readonly string[] = []): Catalogue {
  return catalogueFromSources(catalogueSources(userDirs));
}
