/**
 * CI and build logs name one failure several times: the compiler's error, the build tool's verdict
 * ("Execution failed for task", "Failed to execute goal"), the CI system's step verdict ("Process
 * completed with exit code 1"). The build-failure signatures are linked by `subsumed-by` edges so the
 * generic verdicts give way to the specific reading of the same fact, and by `causes` edges so the
 * cause ranks above the step that failed. Examples inside each signature check single lines; these
 * tests check whole consoles, where the edges act, and healthy consoles, where nothing may be found.
 */
import { strict as assert } from 'node:assert';
import { diagnoseTexts, type Diagnosis } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const diagnose = (text: string): Diagnosis => diagnoseTexts(cat, [{ name: 'job.log', text }], { defaultYear: 2025 });
const ids = (d: Diagnosis): string[] => d.findings.map((f) => f.signatureId).sort();
const captures = (d: Diagnosis, id: string): Record<string, string> => d.findings.find((f) => f.signatureId === id)?.occurrences[0]?.captures ?? {};
/** GitHub Actions console lines carry an ISO timestamp with 7 fractional digits. */
const gha = (lines: string[], start = 0): string =>
  lines.map((l, i) => `2025-03-14T09:12:${String(start + i).padStart(2, '0')}.1234567Z ${l}`).join('\n') + '\n';

describe('CI build findings: one fact, one finding, causes first', () => {
  it('a Gradle compile failure is the compile finding, not also a task failure, and it explains the failed step', () => {
    const d = diagnose(
      gha([
        '> Task :app:compileJava FAILED',
        '/home/runner/work/shop/shop/app/src/main/java/com/acme/shop/Cart.java:41: error: cannot find symbol',
        '        return items.stream().mapToLong(Item::priceCents).summ();',
        '1 error',
        '',
        'FAILURE: Build failed with an exception.',
        '',
        '* What went wrong:',
        "Execution failed for task ':app:compileJava'.",
        '> Compilation failed; see the compiler error output for details.',
        '',
        'BUILD FAILED in 21s',
        '##[error]Process completed with exit code 1.',
      ]),
    );
    assert.deepEqual(ids(d), ['build-compilation-failed', 'ci-step-failed-exit-code']);
    assert.equal(captures(d, 'build-compilation-failed').task, 'app:compileJava');
    assert.equal(d.rootCauses[0]?.signatureId, 'build-compilation-failed');
  });

  it('a Gradle lint failure is a task failure with its task path', () => {
    const d = diagnose(
      [
        'FAILURE: Build failed with an exception.',
        '',
        '* What went wrong:',
        "Execution failed for task ':mobile:lintVitalAnalyzeRelease'.",
        '> Lint found errors in the project; aborting build.',
        '',
        'BUILD FAILED in 2m 3s',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['gradle-task-failed']);
    const task = d.findings[0].occurrences.map((o) => o.captures.task).find(Boolean);
    assert.equal(task, 'mobile:lintVitalAnalyzeRelease');
  });

  it('Maven: a compile failure is not also a goal failure; an enforcer failure is a goal failure with goal and module', () => {
    const compile = diagnose(
      [
        '[INFO] BUILD FAILURE',
        '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile (default-compile) on project inventory: Compilation failure',
        '[ERROR] /builds/acme/inventory/src/main/java/com/acme/Stock.java:[17,8] class StockLevel is public, should be declared in a file named StockLevel.java',
      ].join('\n'),
    );
    assert.deepEqual(ids(compile), ['build-compilation-failed']);
    assert.equal(captures(compile, 'build-compilation-failed').project, 'inventory');

    const enforcer = diagnose(
      [
        '[WARNING] Rule 1: org.apache.maven.enforcer.rules.version.RequireJavaVersion failed with message:',
        '[INFO] BUILD FAILURE',
        '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:3.5.0:enforce (enforce-java) on project ledger-core: Rule 1: org.apache.maven.enforcer.rules.version.RequireJavaVersion failed -> [Help 1]',
      ].join('\n'),
    );
    assert.deepEqual(ids(enforcer), ['maven-goal-failed']);
    assert.equal(captures(enforcer, 'maven-goal-failed').goal, 'org.apache.maven.plugins:maven-enforcer-plugin:3.5.0:enforce');
    assert.equal(captures(enforcer, 'maven-goal-failed').project, 'ledger-core');
  });

  it('Maven test failures are the test finding (per class and summary), not also a goal failure', () => {
    const d = diagnose(
      [
        '[ERROR] Tests run: 7, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.311 s <<< FAILURE! -- in com.acme.ledger.PostingTest',
        '[ERROR] com.acme.ledger.PostingTest.roundsHalfEven -- Time elapsed: 0.02 s <<< FAILURE!',
        'org.opentest4j.AssertionFailedError: expected: <10.02> but was: <10.03>',
        '[ERROR] Tests run: 58, Failures: 1, Errors: 0, Skipped: 2',
        '[INFO] BUILD FAILURE',
        '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.2:test (default-test) on project ledger-core: There are test failures.',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['test-suite-failures']);
  });

  it('a BuildKit base image that does not exist is the root cause of the failed step', () => {
    const d = diagnose(
      gha([
        '#4 [internal] load metadata for docker.io/library/eclipse-temurin:21-jre-alpne',
        '#4 ERROR: docker.io/library/eclipse-temurin:21-jre-alpne: not found',
        'ERROR: failed to solve: eclipse-temurin:21-jre-alpne: failed to resolve source metadata for docker.io/library/eclipse-temurin:21-jre-alpne: docker.io/library/eclipse-temurin:21-jre-alpne: not found',
        '##[error]Process completed with exit code 1.',
      ]),
    );
    assert.deepEqual(ids(d), ['ci-step-failed-exit-code', 'docker-build-base-image-unavailable']);
    assert.equal(d.rootCauses[0]?.signatureId, 'docker-build-base-image-unavailable');
    assert.equal(captures(d, 'docker-build-base-image-unavailable').image, 'docker.io/library/eclipse-temurin:21-jre-alpne');
  });

  it('a hang-up after a refused SSH key is the authentication failure, not a network cut', () => {
    const d = diagnose(
      ["Cloning into 'deploy-config'...", 'git@git.example.com: Permission denied (publickey).', 'fatal: the remote end hung up unexpectedly'].join('\n'),
    );
    assert.ok(!ids(d).includes('git-network-transfer-failed'), ids(d).join(', '));
    assert.ok(ids(d).includes('git-authentication-failed'), ids(d).join(', '));
  });

  it('a clone cut mid-pack is the network finding, with the curl error', () => {
    const d = diagnose(
      gha([
        'remote: Enumerating objects: 81234, done.',
        'error: RPC failed; curl 92 HTTP/2 stream 7 was not closed cleanly: INTERNAL_ERROR (err 2)',
        'error: 4117 bytes of body are still expected',
        'fetch-pack: unexpected disconnect while reading sideband packet',
        'fatal: early EOF',
        'fatal: fetch-pack: invalid index-pack output',
      ]),
    );
    assert.deepEqual(ids(d), ['git-network-transfer-failed']);
    assert.equal(captures(d, 'git-network-transfer-failed').curl, '92');
  });

  it("finds nothing in healthy consoles that share the failures' words", () => {
    const healthy = [
      "Cloning into 'shop'...",
      'remote: Enumerating objects: 81234, done.',
      'Receiving objects: 100% (81234/81234), 48.20 MiB | 21.04 MiB/s, done.',
      'Resolving deltas: 100% (40112/40112), done.',
      "Submodule path 'vendor/protocol': checked out '2f418d2b87c26334f2b1799535baf5be09cb686d'",
      'Downloading assets/logo.psd (12 MB)',
      'Lockfile is up to date, resolution step is skipped',
      'added 1342 packages, and audited 1343 packages in 41s',
      'npm WARN EBADENGINE Unsupported engine {',
      'npm WARN ERESOLVE overriding peer dependency',
      '> Task :app:compileJava',
      '> Task :app:test',
      '42 tests completed, 0 failed',
      'BUILD SUCCESSFUL in 1m 12s',
      '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ inventory ---',
      '[INFO] Tests run: 214, Failures: 0, Errors: 0, Skipped: 3',
      '[INFO] BUILD SUCCESS',
      'Tests:       42 passed, 42 total',
      '========================= 40 passed, 3 warnings in 3.21s =========================',
      '--- PASS: TestOrderTotal (0.00s)',
      'ok  \tgithub.com/acme/shop/cart\t0.412s',
      '  42 passing (3s)',
      '42 examples, 0 failures',
      '#3 [internal] load metadata for docker.io/library/node:20',
      '#3 DONE 1.2s',
      '+ command -v docker',
      'Successfully installed psycopg2-binary-2.9.9',
      '\tlibssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x00007f2a1c400000)',
    ];
    const d = diagnose(gha(healthy));
    assert.deepEqual(ids(d), []);
  });
});
