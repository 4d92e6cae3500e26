/**
 * chDB, the embedded ClickHouse the log-store tests run their SQL on, loaded from where
 * scripts/ensure-test-tools.sh installs it (.vscode-test/chdb), or from $CHDB_MODULE. It is not a
 * dependency in package.json: chdb lists a native library per platform as optional dependencies, and a
 * registry that has only this platform's makes `npm ci` refuse the lock file; the test tools are
 * installed with `npm install`, which skips optional packages it cannot fetch.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The part of chdb's Session the tests use. */
export interface Session {
  query(query: string, format?: string): string;
  queryBind(query: string, args: object, format?: string): string;
  /** The result chunk by chunk, as chDB produces it (one stream at a time per session). */
  queryStreamBind(query: string, args: object, opts?: { format?: string }): AsyncIterable<{ numRows: number; raw(): Uint8Array }> & { cancel(): void };
  close(): void;
}

const REPO = join(__dirname, '..', '..', '..');

/** chdb's Session class; a clear error when chdb is not installed. */
export function chdbSession(): new (path?: string) => Session {
  const module = process.env.CHDB_MODULE ?? join(REPO, '.vscode-test', 'chdb', 'node_modules', 'chdb');
  if (!existsSync(module)) {
    throw new Error(
      `chdb (embedded ClickHouse) is not installed at ${module}: run bash scripts/ensure-test-tools.sh (npm test does), or set CHDB_MODULE to an installed chdb package`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(module) as { Session: new (path?: string) => Session }).Session;
}
