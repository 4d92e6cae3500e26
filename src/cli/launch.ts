/**
 * The `postmortem-lens` command (dist/cli.js): runs the CLI's bundle (dist/cli-main.js, src/cli/main.ts)
 * compiled from V8's code cache when there is one (src/node/codeCache.ts).
 */
import { join } from 'node:path';
import { loadBundle } from '../node/codeCache';

const cli = loadBundle(join(__dirname, 'cli-main.js'), module) as { main(): Promise<void> };
void cli.main();
