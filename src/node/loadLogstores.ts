/** Loads the log-store adapters (logstores.ts) on first use. */

/**
 * The log-store entry points: `./logstores` is dist/logstores.js beside the bundle in a build (marked
 * external there, see scripts/build.mjs), src/node/logstores.ts when running from sources.
 */
export function loadLogstores(): typeof import('./logstores') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./logstores') as typeof import('./logstores');
}
