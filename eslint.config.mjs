// ESLint (flat config) with typescript-eslint's recommended rules, and the layering of
// docs/architecture.md as import rules: the model, the grammars and the core never import `vscode`,
// an adapter or Node's IO; the CLI, the cluster adapter, Node's shared IO and the extension's analysis
// worker never import `vscode`. test/unit/core/boundaries.test.ts checks the same from the other side.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/extension (outside analysis/) may import vscode.' };
const nodeIo = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https']
  .flatMap((m) => [m, `node:${m}`])
  .map((name) => ({ name, message: 'The core does no IO: adapters read and pass text, bytes and the time in.' }));
const adapters = { group: ['**/cli/**', '**/extension/**', '**/cluster/**', '**/node/**'], message: 'No adapter below the core.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**', 'bench/data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Logs carry control characters (ANSI colours, NUL, CR): matching them is the job, not a slip.
      'no-control-regex': 'off',
    },
  },
  // Screen scripts run code in the page (Playwright's evaluate); the webviews run in the browser.
  { files: ['test/vscode/screen/**', 'bench/*.screen.mjs', 'webview/**'], languageOptions: { globals: { ...globals.browser } } },
  // The test runner's extension is plain CommonJS, loaded by VS Code.
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.commonjs } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Tests build hostile and partial API objects on purpose.
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['src/model/**', 'grammars/**', 'src/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, ...nodeIo], patterns: [adapters] }] },
  },
  {
    files: ['src/cli/**', 'src/cluster/**', 'src/node/**', 'src/logstores/**', 'src/extension/analysis/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [{ group: ['**/src/**'], message: 'The webviews get a view model by message, never the engine.' }] },
      ],
    },
  },
);
