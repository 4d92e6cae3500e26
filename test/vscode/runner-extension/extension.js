// Loaded by VS Code like any extension (activation "*"). When VSCODE_TEST_ENTRY names a module that
// exports `run()`, it runs that module inside the extension host (full `vscode` API) and writes
// {ok, error, passed, failed, tests} as JSON to VSCODE_TEST_RESULT. Without the variables it does nothing.
// `run()` may resolve to {passed, failed, tests} (a mocha run, see ../index.ts) or to nothing (then ok).
'use strict';
const fs = require('fs');

exports.activate = async () => {
  const entry = process.env.VSCODE_TEST_ENTRY;
  const resultFile = process.env.VSCODE_TEST_RESULT;
  // A second browser window starts a second extension host: run once per result file.
  if (!entry || !resultFile || fs.existsSync(resultFile)) return;
  const started = Date.now();
  let result;
  try {
    const r = (await require(entry).run()) || {};
    const passed = Number(r.passed) || 0;
    const failed = Number(r.failed) || 0;
    result = { ok: failed === 0, error: failed ? `${failed} of ${passed + failed} tests failed` : null, passed, failed, tests: r.tests || [] };
  } catch (err) {
    result = { ok: false, error: String((err && err.stack) || err), passed: 0, failed: 0, tests: [] };
  }
  result.durationMs = Date.now() - started;
  // Write then rename, so that the harness never reads half a file.
  fs.writeFileSync(resultFile + '.tmp', JSON.stringify(result, null, 2));
  fs.renameSync(resultFile + '.tmp', resultFile);
};

exports.deactivate = () => {};
