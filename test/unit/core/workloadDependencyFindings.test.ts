/**
 * Pod logs of ordinary workloads name their failure in the words of a client library or a server
 * (a database driver, an entrypoint script, a package manager, an Ansible module). The signatures
 * for those classes must read whole logs the way they are pasted: the right class named once, the
 * neighbouring class (connection vs login, wrapper vs cause) not named instead, and healthy startup
 * logs that share their words left alone. Examples inside each signature check single lines; these
 * check whole logs, where bursts, subsumed-by edges and excludes act.
 */
import { strict as assert } from 'node:assert';
import { diagnoseTexts, type Diagnosis } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const diagnose = (text: string): Diagnosis => diagnoseTexts(cat, [{ name: 'pod.log', text }], { defaultYear: 2025 });
const ids = (d: Diagnosis): string[] => d.findings.map((f) => f.signatureId).sort();
const captures = (d: Diagnosis, id: string): Record<string, string> => d.findings.find((f) => f.signatureId === id)?.occurrences[0]?.captures ?? {};

describe('workload dependency findings: the client says which dependency failed and how', () => {
  it('a Node.js worker retrying a refused Redis connection is one backing-service finding with the address', () => {
    const d = diagnose(
      [
        '> worker@2.3.1 start',
        '> node dist/main.js',
        '',
        '[ioredis] Unhandled error event: Error: connect ECONNREFUSED 10.96.201.14:6379',
        '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
        '[ioredis] Unhandled error event: Error: connect ECONNREFUSED 10.96.201.14:6379',
        '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['backing-service-unreachable']);
    assert.equal(captures(d, 'backing-service-unreachable').ip, '10.96.201.14');
    assert.equal(captures(d, 'backing-service-unreachable').port, '6379');
  });

  it('a libpq connection that opened but was refused a login is authentication, not unreachability', () => {
    const d = diagnose(
      [
        'Traceback (most recent call last):',
        '  File "/app/manage.py", line 22, in <module>',
        'psycopg2.OperationalError: connection to server at "orders-db" (10.96.7.3), port 5432 failed: FATAL:  password authentication failed for user "orders"',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['database-authentication-failed']);
    assert.equal(captures(d, 'database-authentication-failed').user, 'orders');
  });

  it('a postgres entrypoint that cannot chmod its volume is a data-directory permission finding', () => {
    const d = diagnose(
      [
        "chmod: changing permissions of '/var/lib/postgresql/data': Operation not permitted",
        'The files belonging to this database system will be owned by user "postgres".',
        'This user must also own the server process.',
        'initdb: error: could not change permissions of directory "/var/lib/postgresql/data": Operation not permitted',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['data-directory-permission-denied']);
  });

  it('an npm build that failed on TypeScript errors is the compile finding; the ELIFECYCLE verdict gives way', () => {
    const d = diagnose(
      [
        '> web@1.4.0 build',
        '> tsc -p tsconfig.build.json',
        '',
        "src/cart.ts(41,7): error TS2322: Type 'string' is not assignable to type 'number'.",
        'npm ERR! code ELIFECYCLE',
        'npm ERR! errno 2',
        'npm ERR! web@1.4.0 build: `tsc -p tsconfig.build.json`',
        'npm ERR! Exit status 2',
        'npm ERR! Failed at the web@1.4.0 build script.',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['build-compilation-failed']);
  });

  it('an npm script that failed with nothing more specific above it is named as such', () => {
    const d = diagnose(
      [
        '> api@0.9.0 migrate',
        '> node scripts/migrate.js',
        '',
        'npm error Lifecycle script `migrate` failed with error:',
        'npm error code 1',
        'npm error path /srv/api',
        'npm error command failed',
        'npm error command sh -c node scripts/migrate.js',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['node-package-script-failed']);
  });

  it('an Ansible task whose module names a missing package is the package finding, not also the FAILED wrapper', () => {
    const d = diagnose(
      [
        'TASK [web : install packages] **************************************************',
        'fatal: [web1]: FAILED! => {"changed": false, "failures": ["No match for argument: nginx2"], "msg": "Failed to install some of the specified packages", "rc": 1, "results": []}',
        '',
        'PLAY RECAP *********************************************************************',
        'web1                       : ok=4    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['os-package-install-failed']);
  });

  it('an Ansible task that failed on its own command is the Ansible finding with host and message', () => {
    const d = diagnose(
      [
        'TASK [app : run database migrations] *******************************************',
        'fatal: [app2]: FAILED! => {"changed": true, "cmd": ["/opt/app/bin/migrate"], "delta": "0:00:01.201", "msg": "non-zero return code", "rc": 3, "stderr": "", "stdout": ""}',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), ['ansible-task-failed']);
    assert.equal(captures(d, 'ansible-task-failed').host, 'app2');
    assert.equal(captures(d, 'ansible-task-failed').msg, 'non-zero return code');
  });

  it('healthy startups that share the words are not findings', () => {
    const d = diagnose(
      [
        '2025-03-14 09:12:01.120 UTC [1] LOG:  database system is ready to accept connections',
        'fixing permissions on existing directory /var/lib/postgresql/data ... ok',
        '1:S 14 Mar 2025 09:12:02.000 * Connecting to MASTER redis-0.redis:6379',
        '1:S 14 Mar 2025 09:12:02.001 * Master replied to PING, replication can continue...',
        '[2025-03-14 09:12:03,000] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)',
        'Starting Liquibase at 09:12:04 (version 4.21.1)',
        '2025-03-14 09:12:05.000  INFO 1 --- [main] l.lockservice.StandardLockService : Successfully acquired change log lock',
        '[2025-03-14T09:12:06,000][INFO ][o.e.b.BootstrapChecks] [es-0] bound or publishing to a non-loopback address, enforcing bootstrap checks',
        'ok: [web1]',
        'web1                       : ok=12   changed=3    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0',
        'npm WARN deprecated inflight@1.0.6: This module is not supported',
        'Done in 12.34s.',
      ].join('\n'),
    );
    assert.deepEqual(ids(d), []);
  });
});
