/** Loads the cluster adapter (cluster.ts) on first use. */

/**
 * The cluster entry points: `./cluster` is dist/cluster.js beside the bundle in a build (marked
 * external there, see scripts/build.mjs), src/node/cluster.ts when running from sources.
 */
export function loadCluster(): typeof import('./cluster') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./cluster') as typeof import('./cluster');
}
