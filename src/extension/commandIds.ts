/**
 * The extension's command ids, spelled once. `package.json` contributes exactly {@link COMMAND}'s
 * (test/unit/extension/commandIds.test.ts checks both ways); the hooks in {@link TEST_COMMAND} are
 * registered only for the extension-host tests (testHooks.ts). No `vscode` import: unit tests read it.
 */

/** Commands a user runs (palette, menus, hovers, webviews). */
export const COMMAND = {
  diagnose: 'postmortemLens.diagnose',
  diagnoseTogether: 'postmortemLens.diagnoseTogether',
  diagnoseCluster: 'postmortemLens.diagnoseCluster',
  diagnoseStore: 'postmortemLens.diagnoseStore',
  countFleet: 'postmortemLens.countFleet',
  forgetStoreCredentials: 'postmortemLens.forgetStoreCredentials',
  generatePostmortem: 'postmortemLens.generatePostmortem',
  browseCatalogue: 'postmortemLens.browseCatalogue',
  nextFinding: 'postmortemLens.nextFinding',
  previousFinding: 'postmortemLens.previousFinding',
  treatAsLog: 'postmortemLens.treatAsLog',
  stopTreatingAsLog: 'postmortemLens.stopTreatingAsLog',
  openSignature: 'postmortemLens.openSignature',
  reloadCatalogue: 'postmortemLens.reloadCatalogue',
  copyCommand: 'postmortemLens.copyCommand',
  readRest: 'postmortemLens.readRest',
  createSignatureFromPattern: 'postmortemLens.createSignatureFromPattern',
} as const;

/** State the extension-host tests read; not part of the product. */
export const TEST_COMMAND = {
  statusBar: 'postmortemLens.test.statusBar',
  decorations: 'postmortemLens.test.decorations',
  problems: 'postmortemLens.test.problems',
  occurrences: 'postmortemLens.test.occurrences',
  analyses: 'postmortemLens.test.analyses',
  diagnosisView: 'postmortemLens.test.diagnosisView',
  catalogueView: 'postmortemLens.test.catalogueView',
  storeSecret: 'postmortemLens.test.storeSecret',
  fleetView: 'postmortemLens.test.fleetView',
  cancelStoreReads: 'postmortemLens.test.cancelStoreReads',
} as const;

/** The environment variable the test runner sets (test/vscode/run-in-vscode.mjs) to get the test hooks. */
export const TEST_HOOKS_ENV = 'POSTMORTEM_LENS_TEST_HOOKS';
