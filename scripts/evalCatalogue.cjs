// Loads the shipped catalogue for scripts that use dist/core.js (eval, bench).
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** The compiled shipped catalogue. */
exports.loadCatalogue = function loadCatalogue(core, dir) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8'), builtin: true }));
  return new core.Catalogue(files);
};
