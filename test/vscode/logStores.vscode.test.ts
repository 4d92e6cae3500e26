/**
 * "Diagnose from Log Store...", the Fleet view and the credentials, against stores started by this suite
 * in the extension host: the loopback fake Loki (test/unit/logstores/lokiFake.ts, the documented
 * query_range API, every query parsed with Grafana's LogQL grammar, filters on RE2) and ClickHouse's HTTP
 * interface in front of chDB (test/unit/logstores/chdbHttp.ts, the real engine running the received
 * SQL). Connections come from the postmortemLens.logStores setting, their secrets from SecretStorage.
 * The editor's findings are compared with the built CLI's (`dist/cli.js diagnose --loki/--clickhouse`,
 * `fleet --clickhouse`) run on the same store and window.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { LokiFake, type FakeStream } from '../unit/logstores/lokiFake';
import { ChdbHttp } from '../unit/logstores/chdbHttp';
import type { ChdbLogs as ChdbLogsType, OtelRow } from '../unit/logstores/chdbTable';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(REPO, 'examples');
const BASE = Date.parse('2026-11-22T08:00:00Z');
const SINCE = '2026-11-22T07:00:00Z';
const UNTIL = '2026-11-22T09:00:00Z';
const TOKEN = 'tok-3f9a1c77e2d4';
const CH_PASSWORD = 'pw-8c2e5b19aa07';
const ID = 'postmortem-lens.postmortem-lens';

interface Finding {
  signatureId: string;
  count: number;
}
interface StoreRun {
  diagnosis?: { inputs: { name: string; notices: { level: string; message: string }[] }[]; findings: Finding[]; rootCauses: { signatureId: string }[] };
  documents: vscode.Uri[];
  notices: { level: string; message: string }[];
  fetched: number;
  failure?: { failure: string; message: string };
}
interface FleetRowJson {
  id: string;
  severity: string;
  spread: number;
  total: number;
  groups: { group: string; lines: number }[];
}
interface FleetItem {
  label: string;
  description: string;
  command?: { command: string; arguments: unknown[] };
  children: FleetItem[];
}

/** The example incidents' files as lines, per bundle and file (the same for both stores). */
function exampleFiles(bundles: string[]): { bundle: string; file: string; lines: string[] }[] {
  return bundles.flatMap((b) =>
    fs
      .readdirSync(path.join(EXAMPLES, b))
      .sort()
      .filter((f) => !/^(README\.md|expected\.json)$/.test(f))
      .map((file) => {
        const lines = fs.readFileSync(path.join(EXAMPLES, b, file), 'utf8').split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        return { bundle: b, file, lines };
      }),
  );
}

/** The built CLI beside the extension under test, with the stores' logins in its environment. */
async function cliJson<T>(args: string[], env: Record<string, string>): Promise<T> {
  const cli = path.join(vscode.extensions.getExtension(ID)!.extensionPath, 'dist', 'cli.js');
  // Asynchronous: the fake stores answer from this same process.
  const { stdout } = await run(process.execPath, [cli, ...args, '--format', 'json'], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }).catch(
    (e: { code: number; stdout: string; stderr: string }) => {
      if (e.code === 1 && e.stdout) return { stdout: e.stdout }; // findings: exit 1
      throw new Error(`cli ${args.join(' ')}: exit ${e.code}: ${e.stderr}`);
    },
  );
  return JSON.parse(stdout) as T;
}

const found = (fs: readonly Finding[]): [string, number][] => fs.map((f) => [f.signatureId, f.count] as [string, number]).sort();

async function setConnections(list: unknown[]): Promise<void> {
  await vscode.workspace.getConfiguration().update('postmortemLens.logStores', list, vscode.ConfigurationTarget.Global);
}
const storeSecret = (name: string, secret?: string): Thenable<boolean> =>
  vscode.commands.executeCommand<boolean>('postmortemLens.test.storeSecret', name, secret);

describe('Postmortem Lens: log stores', function () {
  this.timeout(120_000);
  let loki: LokiFake;
  let db: ChdbLogsType;
  let ch: ChdbHttp;
  const incidents = exampleFiles(['dind-evicted-nodefs', 'kubespray-cni-rerun']);

  before(async function () {
    this.timeout(120_000);
    await vscode.extensions.getExtension(ID)?.activate();
    const streams: FakeStream[] = incidents.map((f) => ({
      labels: { job: 'incidents', incident: f.bundle, file: f.file },
      entries: f.lines.map((l, i) => [BigInt(BASE + i) * 1_000_000n, l] as [bigint, string]),
    }));
    loki = await new LokiFake(streams).start();
    loki.require = { authorization: `Bearer ${TOKEN}` };
    // chDB is found by path (it is a test tool, not a dependency): from the repository, not this bundle's folder.
    process.env.CHDB_MODULE ??= path.join(REPO, '.vscode-test', 'chdb', 'node_modules', 'chdb');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ChdbLogs } = require('../unit/logstores/chdbTable') as typeof import('../unit/logstores/chdbTable');
    db = new ChdbLogs();
    const rows: OtelRow[] = [];
    // Each incident a node (its journal by host.name), each file a pod.
    for (const f of incidents) {
      f.lines.forEach((Body, i) =>
        rows.push({
          Timestamp: new Date(BASE + i).toISOString().replace('T', ' ').replace('Z', ''),
          ServiceName: 'journal',
          Body,
          ResourceAttributes: { 'host.name': f.bundle, 'k8s.pod.name': `${f.bundle}-${f.file}` },
        }),
      );
    }
    db.load(rows);
    ch = await new ChdbHttp(db.session).start();
    ch.login = `reader:${CH_PASSWORD}`;
    await setConnections([
      { name: 'loki-test', kind: 'loki', url: loki.url, query: '{job="incidents"}', auth: 'token' },
      { name: 'loki-small', kind: 'loki', url: loki.url, query: '{job="incidents"}', auth: 'token', limit: 40 },
      { name: 'ch-test', kind: 'clickhouse', url: ch.url, user: 'reader' },
      { name: 'broken', kind: 'loki', url: 'http://user:pw@loki:3100' },
    ]);
    await storeSecret('loki-test', TOKEN);
    await storeSecret('loki-small', TOKEN);
    await storeSecret('ch-test', CH_PASSWORD);
  });
  after(async () => {
    await setConnections([]);
    await loki?.stop();
    await ch?.stop();
    db?.close();
  });
  afterEach(() => {
    loki.failure = undefined;
    ch.failure = undefined;
  });

  it('contributes the commands, the Fleet view and the setting', async () => {
    const pkg = vscode.extensions.getExtension(ID)!.packageJSON as {
      contributes: {
        commands: { command: string; title: string }[];
        views: Record<string, { id: string }[]>;
        configuration: { properties: Record<string, unknown> };
      };
    };
    const titles = Object.fromEntries(pkg.contributes.commands.map((c) => [c.command, c.title]));
    assert.equal(titles['postmortemLens.diagnoseStore'], 'Diagnose from Log Store...');
    assert.equal(titles['postmortemLens.countFleet'], 'Count Fleet in Log Store...');
    assert.ok(pkg.contributes.views.postmortemLens.some((v) => v.id === 'postmortemLens.fleet'));
    assert.ok(pkg.contributes.configuration.properties['postmortemLens.logStores']);
    const all = await vscode.commands.getCommands(true);
    for (const id of ['postmortemLens.diagnoseStore', 'postmortemLens.countFleet', 'postmortemLens.forgetStoreCredentials']) assert.ok(all.includes(id), id);
  });

  it('Loki: a connection from settings with its token from the secret storage; the findings the CLI finds in the same window', async () => {
    const before = loki.requests.length;
    const r = await vscode.commands.executeCommand<StoreRun>('postmortemLens.diagnoseStore', { connection: 'loki-test', since: SINCE, until: UNTIL });
    assert.ok(r?.diagnosis, JSON.stringify(r?.failure));
    const sent = loki.requests.slice(before);
    // The token on every request: the catalogue's filter added to the user's query, then the lines around the
    // candidates no line-oriented kind claims, read in their own stream.
    assert.ok(sent.length > 0 && sent.every((q) => q.headers.authorization === `Bearer ${TOKEN}` && q.query.startsWith('{job="incidents"} |')), 'token sent');
    assert.ok(
      sent.some((q) => q.query.startsWith('{job="incidents"} |~ "(?i)')),
      'the catalogue filter added',
    );
    assert.ok(
      sent.some((q) => /^\{job="incidents"\} \| file="[^"]+" \| incident="[^"]+" \| job="incidents"$/.test(q.query)),
      'context read in one stream',
    );
    const cli = await cliJson<NonNullable<StoreRun['diagnosis']>>(
      ['diagnose', '--loki', loki.url, '--query', '{job="incidents"}', '--since', '2h', '--until', UNTIL],
      { LOKI_BEARER_TOKEN: TOKEN },
    );
    assert.ok(found(cli.findings).length >= 4, JSON.stringify(found(cli.findings)));
    assert.deepEqual(found(r.diagnosis.findings), found(cli.findings));
    assert.deepEqual(
      r.diagnosis.rootCauses.map((c) => c.signatureId),
      cli.rootCauses.map((c) => c.signatureId),
    );
    // One read-only document per stream, analysed as a log; the token is nowhere in them.
    assert.equal(r.documents.length, r.diagnosis.inputs.length);
    const paths = r.documents.map((u) => `${u.scheme}:${u.path}`);
    assert.ok(
      paths.includes('postmortem-lens:/store/loki-test/{file="kubelet.journal.log", incident="dind-evicted-nodefs", job="incidents"}.log'),
      paths.join('\n'),
    );
    for (const u of r.documents) assert.ok(!(await vscode.workspace.openTextDocument(u)).getText().includes(TOKEN));
    const state = await vscode.commands.executeCommand<{ rendered?: { findings: number; inputs: number } } | undefined>('postmortemLens.test.diagnosisView', {
      waitMs: 20_000,
    });
    assert.equal(state?.rendered?.findings, r.diagnosis.findings.length);
  });

  it('a limit below what matched: the earliest lines, and the truncation notice on the inputs, in editor words', async () => {
    const r = await vscode.commands.executeCommand<StoreRun>('postmortemLens.diagnoseStore', { connection: 'loki-small', since: SINCE, until: UNTIL });
    assert.ok(r?.diagnosis);
    assert.equal(r.fetched, 40);
    const notes = r.diagnosis.inputs.flatMap((i) => i.notices.map((n) => n.message));
    // The store's own count of what matched (sum of count_over_time), not "more than that".
    const cut = notes.find((m) => /[\d,]+ candidate lines, 40 fetched/.test(m));
    assert.ok(cut, notes.join('\n'));
    assert.ok(Number(/([\d,]+) candidate lines/.exec(cut)![1].replace(/,/g, '')) > 40, cut);
    assert.match(cut, /raise the connection's limit or narrow the window/);
  });

  it("cancel: the store's requests are aborted, nothing is shown", async () => {
    loki.failure = 'stall';
    const pending = vscode.commands.executeCommand<StoreRun>('postmortemLens.diagnoseStore', { connection: 'loki-test', since: SINCE, until: UNTIL });
    await waitFor('a read under way', async () => (await vscode.commands.executeCommand<number>('postmortemLens.test.cancelStoreReads')) > 0, 10_000);
    const r = await pending;
    assert.equal(r?.failure?.failure, 'cancelled');
    assert.equal(r?.diagnosis, undefined);
  });

  it('401: a clear message that names the store, never the secret; the credentials can be forgotten', async () => {
    await storeSecret('loki-test', 'wrong-secret-55aa');
    try {
      const r = await vscode.commands.executeCommand<StoreRun>('postmortemLens.diagnoseStore', { connection: 'loki-test', since: SINCE, until: UNTIL });
      assert.equal(r?.failure?.failure, 'unauthorized');
      assert.match(r.failure.message, new RegExp(`^loki ${loki.url.replace(/[.]/g, '\\.')}: HTTP 401.*credentials were refused`));
      assert.ok(!r.failure.message.includes('wrong-secret-55aa'));
      assert.deepEqual(await vscode.commands.executeCommand('postmortemLens.forgetStoreCredentials', 'loki-test'), ['loki-test']);
      assert.equal(await storeSecret('loki-test'), false);
    } finally {
      await storeSecret('loki-test', TOKEN);
    }
  });

  it('ClickHouse: the findings the CLI finds; the password is sent as the login', async () => {
    const r = await vscode.commands.executeCommand<StoreRun>('postmortemLens.diagnoseStore', {
      connection: 'ch-test',
      since: SINCE,
      until: UNTIL,
      where: "ServiceName = 'journal'",
    });
    assert.ok(r?.diagnosis, JSON.stringify(r?.failure));
    const cli = await cliJson<NonNullable<StoreRun['diagnosis']>>(
      ['diagnose', '--clickhouse', ch.url, '--where', "ServiceName = 'journal'", '--since', '2h', '--until', UNTIL],
      { CLICKHOUSE_USER: 'reader', CLICKHOUSE_PASSWORD: CH_PASSWORD },
    );
    assert.ok(found(cli.findings).length >= 4);
    assert.deepEqual(found(r.diagnosis.findings), found(cli.findings));
    assert.deepEqual(r.documents.map((u) => u.path).sort(), [
      '/store/ch-test/service=journal host=dind-evicted-nodefs.log',
      '/store/ch-test/service=journal host=kubespray-cni-rerun.log',
    ]);
  });

  it("the Fleet view: the CLI's fleet rows, ranked; a node drills down into a diagnosis of its lines", async () => {
    const r = await vscode.commands.executeCommand<{ result?: { table: { rows: FleetRowJson[] } }; failure?: unknown }>('postmortemLens.countFleet', {
      connection: 'ch-test',
      by: 'node',
      since: SINCE,
      until: UNTIL,
    });
    assert.ok(r?.result, JSON.stringify(r?.failure));
    const cli = await cliJson<{ signatures: FleetRowJson[] }>(['fleet', '--clickhouse', ch.url, '--by', 'node', '--since', '2h', '--until', UNTIL], {
      CLICKHOUSE_USER: 'reader',
      CLICKHOUSE_PASSWORD: CH_PASSWORD,
    });
    const rows = (x: FleetRowJson[]): unknown[] => x.map((s) => [s.id, s.severity, s.spread, s.total, s.groups]);
    assert.ok(cli.signatures.length >= 5);
    assert.deepEqual(rows(r.result.table.rows), rows(cli.signatures));
    const view = await vscode.commands.executeCommand<{ items: FleetItem[] }>('postmortemLens.test.fleetView');
    const rowItems = view.items.filter((i) => i.children.length > 0);
    assert.equal(rowItems.length, cli.signatures.length);
    // Drill into the node of a row: the diagnosis of that node's lines has the row's signature.
    const target = cli.signatures.find((s) => s.id === 'pod-evicted-disk-pressure') ?? cli.signatures[0];
    const item = rowItems[cli.signatures.indexOf(target)];
    const group = item.children.find((c) => c.label === 'dind-evicted-nodefs') ?? item.children[0];
    assert.equal(group.command?.command, 'postmortemLens.diagnoseStore');
    const d = await vscode.commands.executeCommand<StoreRun>(group.command!.command, ...group.command!.arguments);
    assert.ok(d?.diagnosis, JSON.stringify(d?.failure));
    assert.ok(
      d.documents.every((u) => u.path.includes(`host=${group.label}`)),
      d.documents.map((u) => u.path).join('\n'),
    );
    assert.ok(
      d.diagnosis.findings.some((f) => f.signatureId === target.id),
      `${target.id} not in ${found(d.diagnosis.findings).join(' ')}`,
    );
  });

  it("Loki in the Fleet view: the CLI's `fleet --loki` rows per label; a group drills down into its streams", async () => {
    const r = await vscode.commands.executeCommand<{ result?: { table: { rows: FleetRowJson[] } }; failure?: unknown }>('postmortemLens.countFleet', {
      connection: 'loki-test',
      by: 'incident',
      since: SINCE,
      until: UNTIL,
    });
    assert.ok(r?.result, JSON.stringify(r?.failure));
    const cli = await cliJson<{ signatures: FleetRowJson[] }>(
      ['fleet', '--loki', loki.url, '--query', '{job="incidents"}', '--by', 'incident', '--since', '2h', '--until', UNTIL],
      { LOKI_BEARER_TOKEN: TOKEN },
    );
    const rows = (x: FleetRowJson[]): unknown[] => x.map((s) => [s.id, s.severity, s.spread, s.total, s.groups]);
    assert.ok(cli.signatures.length >= 5);
    assert.deepEqual(rows(r.result.table.rows), rows(cli.signatures));
    const view = await vscode.commands.executeCommand<{ items: FleetItem[] }>('postmortemLens.test.fleetView');
    const rowItems = view.items.filter((i) => i.children.length > 0);
    const target = cli.signatures.find((s) => s.id === 'pod-evicted-disk-pressure') ?? cli.signatures[0];
    const group =
      rowItems[cli.signatures.indexOf(target)].children.find((c) => c.label === 'dind-evicted-nodefs') ?? rowItems[cli.signatures.indexOf(target)].children[0];
    const d = await vscode.commands.executeCommand<StoreRun>(group.command!.command, ...group.command!.arguments);
    assert.ok(d?.diagnosis, JSON.stringify(d?.failure));
    assert.ok(d.documents.length > 0 && d.documents.every((u) => u.path.includes(`incident="${group.label}"`)), d.documents.map((u) => u.path).join('\n'));
    assert.ok(
      d.diagnosis.findings.some((f) => f.signatureId === target.id),
      `${target.id} not in ${found(d.diagnosis.findings).join(' ')}`,
    );
  });

  it('a connection that cannot be used is said, the others still load', async () => {
    const r = await vscode.commands.executeCommand<StoreRun | undefined>('postmortemLens.diagnoseStore', { connection: 'broken', since: SINCE, until: UNTIL });
    assert.equal(r, undefined, 'a connection with credentials in its URL is refused');
    const ok = await vscode.commands.executeCommand<StoreRun>('postmortemLens.diagnoseStore', { connection: 'loki-test', since: SINCE, until: UNTIL });
    assert.ok(ok?.diagnosis, JSON.stringify(ok?.failure));
  });
});
