/** Node IO shared by the adapters: reads catalogue directories (the shipped one plus the user's) into a compiled Catalogue. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Catalogue, type CatalogueFile } from '../core';

/** The shipped patterns/ directory, next to dist/ in the package. */
export function builtinCatalogueDir(): string {
  const candidates = [resolve(__dirname, '..', 'patterns'), resolve(__dirname, '..', '..', 'patterns')];
  return candidates.find((d) => existsSync(join(d, 'signature.schema.json'))) ?? candidates[0];
}

/** YAML files of a directory (recursive), sorted. */
export function catalogueFiles(dir: string, builtin: boolean): CatalogueFile[] {
  const out: CatalogueFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push({ file: p, text: readFileSync(p, 'utf8'), builtin });
    }
  };
  walk(dir);
  return out;
}

/** The shipped catalogue plus user directories. Throws only when a directory cannot be read. */
export function loadCatalogue(userDirs: readonly string[] = [], includeBuiltin = true): Catalogue {
  const files: CatalogueFile[] = [];
  if (includeBuiltin) files.push(...catalogueFiles(builtinCatalogueDir(), true));
  for (const d of userDirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new Error(`catalogue directory not found: ${d}`);
    files.push(...catalogueFiles(d, false));
  }
  return new Catalogue(files);
}
