/**
 * The shipped catalogue compiled from its YAML files, once per test run: mocha loads every unit test
 * file in one process, and compiling 168 signature files for each of 26 files cost the suite about
 * half a minute. A Catalogue is never changed after it is built, so sharing it is safe.
 */
import { Catalogue } from '../../src/core';
import { builtinCatalogueDir, catalogueFiles } from '../../src/node/loadCatalogue';

let shipped: Catalogue | undefined;

/** The shipped signatures, compiled from patterns/*.yaml (not from the build's dist/catalogue.json). */
export function shippedCatalogue(): Catalogue {
  shipped ??= new Catalogue(catalogueFiles(builtinCatalogueDir(), true));
  return shipped;
}
