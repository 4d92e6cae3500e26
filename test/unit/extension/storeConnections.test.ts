/**
 * The postmortemLens.logStores setting as the editor reads it (src/extension/stores/storeConnections.ts):
 * every entry that cannot be used is a problem naming it and why, the others kept; credentials are never
 * taken from the setting; a connection and its secret become the adapter's spec; the custom window's
 * times. And the Fleet view's nodes (views/fleetTreeModel.ts) from a fleet table, with each group's
 * drill-down request.
 */
import { strict as assert } from 'node:assert';
import { parseConnections, parseWhen, pathSegment, sourceSpec, windowOf } from '../../../src/extension/stores/storeConnections';
import { drillArgs, fleetChildren, fleetRoots, type FleetResult } from '../../../src/extension/views/fleetTreeModel';
import type { FleetTable } from '../../../src/core';

describe('log-store connections (postmortemLens.logStores)', () => {
  it('reads good entries with their defaults, kind by kind', () => {
    const { connections, problems } = parseConnections([
      { name: 'prod', kind: 'loki', url: 'https://loki.example:3100/', query: '{job="x"}', tenant: 'ops', auth: 'token' },
      { name: 'ch', kind: 'clickhouse', url: 'http://ch:8123', user: 'reader', where: "ServiceName = 'k'", limit: 10, timeoutSeconds: 5 },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections, [
      { name: 'prod', kind: 'loki', url: 'https://loki.example:3100', auth: 'token', limit: 50_000, timeoutSeconds: 60, query: '{job="x"}', tenant: 'ops' },
      {
        name: 'ch',
        kind: 'clickhouse',
        url: 'http://ch:8123',
        auth: 'password',
        limit: 10,
        timeoutSeconds: 5,
        user: 'reader',
        table: 'otel_logs',
        where: "ServiceName = 'k'",
      },
    ]);
  });

  it('says every unusable entry, by name or position, and keeps the rest', () => {
    const { connections, problems } = parseConnections([
      'loki',
      null,
      [],
      { kind: 'loki', url: 'http://l' },
      { name: 'a', kind: 'elastic', url: 'http://e' },
      { name: 'b', kind: 'loki', url: 'ftp://l' },
      { name: 'c', kind: 'loki', url: 'http://u:secretpw@l:3100' },
      { name: 'd', kind: 'clickhouse', url: 'http://c', auth: 'token' },
      { name: 'e', kind: 'loki', url: 'http://l', limit: 0 },
      { name: 'f', kind: 'loki', url: 'http://l', timeoutSeconds: 1.5 },
      { name: 'ok', kind: 'loki', url: 'http://l' },
      { name: 'ok', kind: 'clickhouse', url: 'http://c' },
      { name: 'g', kind: 'loki', url: 'http://l', auth: 'kerberos' },
    ]);
    assert.deepEqual(
      connections.map((c) => c.name),
      ['ok'],
    );
    assert.equal(problems.length, 12, problems.join('\n'));
    assert.match(problems[0], /connection 1: is not an object/);
    assert.match(problems[3], /connection 4: needs a "name"/);
    assert.match(problems[6], /connection "c": "url" must not hold credentials/);
    assert.ok(!problems.join('\n').includes('secretpw'), 'a password in a URL is not repeated');
    assert.match(problems[10], /connection "ok": has the name of an earlier connection/);
    assert.deepEqual(parseConnections({ name: 'x' }).problems, ['postmortemLens.logStores must be a list of connections']);
    assert.deepEqual(parseConnections(undefined), { connections: [], problems: [] });
  });

  it("a connection and its secret as the adapter's spec: token, basic login, ClickHouse password; the narrowing wins over the defaults", () => {
    const [loki, basic, ch] = parseConnections([
      { name: 'l', kind: 'loki', url: 'http://l', query: '{a="b"}', tenant: 't', auth: 'token', timeoutSeconds: 7 },
      { name: 'b', kind: 'loki', url: 'http://l', user: 'u' },
      { name: 'c', kind: 'clickhouse', url: 'http://c', user: 'r', where: 'x = 1', table: 'db.logs' },
    ]).connections;
    assert.deepEqual(sourceSpec(loki, 'TOK'), {
      kind: 'loki',
      spec: { url: 'http://l', query: '{a="b"}', limit: 50_000, timeoutMs: 7000, orgId: 't', bearerToken: 'TOK' },
    });
    assert.deepEqual(sourceSpec(loki, 'TOK', { query: '{c="d"}' }).spec, {
      url: 'http://l',
      query: '{c="d"}',
      limit: 50_000,
      timeoutMs: 7000,
      orgId: 't',
      bearerToken: 'TOK',
    });
    assert.deepEqual(sourceSpec(basic, 'PW').spec, {
      url: 'http://l',
      query: '',
      limit: 50_000,
      timeoutMs: 60_000,
      orgId: undefined,
      username: 'u',
      password: 'PW',
    });
    assert.deepEqual(sourceSpec(ch, 'PW').spec, {
      url: 'http://c',
      table: 'db.logs',
      where: 'x = 1',
      limit: 50_000,
      timeoutMs: 60_000,
      username: 'r',
      password: 'PW',
    });
    assert.equal((sourceSpec(ch, 'PW', { where: '' }).spec as { where?: string }).where, undefined, 'an emptied condition is every row');
  });

  it('an Elasticsearch connection: index and field defaults, API key, bearer token or login; apiKey only for Elasticsearch', () => {
    const { connections, problems } = parseConnections([
      { name: 'k', kind: 'elasticsearch', url: 'https://es:9200/', auth: 'apiKey', query: 'host.name:n1' },
      { name: 't', kind: 'elasticsearch', url: 'https://es:9200', auth: 'token', index: 'filebeat-*', field: 'log.original' },
      { name: 'p', kind: 'elasticsearch', url: 'https://es:9200', user: 'elastic' },
      { name: 'bad-loki', kind: 'loki', url: 'http://l', auth: 'apiKey' },
      { name: 'bad-ch', kind: 'clickhouse', url: 'http://c', auth: 'apiKey' },
    ]);
    assert.deepEqual(
      problems.map((p) => p.replace(/^postmortemLens\.logStores: /, '')),
      [
        'connection "bad-loki": "apiKey" is for Elasticsearch: Loki takes "none", "password" or "token"',
        'connection "bad-ch": ClickHouse logs in with a user and password: "auth" must be "none" or "password"',
      ],
    );
    const [k, t, p] = connections;
    assert.deepEqual(sourceSpec(k, 'S3CRET'), {
      kind: 'elasticsearch',
      spec: { url: 'https://es:9200', index: 'logs-*', query: 'host.name:n1', field: undefined, limit: 50_000, timeoutMs: 60_000, apiKey: 'S3CRET' },
    });
    assert.equal((sourceSpec(k, 'S3CRET', { query: '' }).spec as { query?: string }).query, undefined, 'an emptied query is every document');
    assert.deepEqual(sourceSpec(t, 'TOK').spec, {
      url: 'https://es:9200',
      index: 'filebeat-*',
      query: undefined,
      field: 'log.original',
      limit: 50_000,
      timeoutMs: 60_000,
      bearerToken: 'TOK',
    });
    assert.deepEqual(sourceSpec(p, 'PW').spec, {
      url: 'https://es:9200',
      index: 'logs-*',
      query: undefined,
      field: undefined,
      limit: 50_000,
      timeoutMs: 60_000,
      username: 'elastic',
      password: 'PW',
    });
  });

  it('custom window times: a time with its zone or a duration ago; anything else a message', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    assert.deepEqual(parseWhen('2h', now), new Date('2026-11-22T08:00:00Z'));
    assert.deepEqual(parseWhen('1d30m', now), new Date('2026-11-21T09:30:00Z'));
    assert.deepEqual(parseWhen('0s', now), now);
    assert.deepEqual(parseWhen(' 2026-11-22T09:15:00+01:00 ', now), new Date('2026-11-22T08:15:00Z'));
    for (const bad of ['', 'yesterday', '2026-11-22T09:15:00', '2h ago', '-2h', '2026-13-45T99:00Z'])
      assert.ok('error' in (parseWhen(bad, now) as object), bad);
    assert.deepEqual(windowOf(new Date(1000), new Date(2000)), { sinceNs: 1_000_000_000n, untilNs: 2_000_000_000n });
  });

  it('a source name as a document path segment: no slash, no control character, never empty or a dot name', () => {
    assert.equal(pathSegment('{app="web", pod="a/b"}'), '{app="web", pod="a_b"}');
    assert.equal(pathSegment('x\u0000\n\\y'), 'x_y');
    assert.equal(pathSegment('..'), '_');
    assert.equal(pathSegment(''), '_');
    assert.equal(pathSegment('a'.repeat(500)).length, 120);
  });
});

describe("the Fleet view's nodes", () => {
  const table: FleetTable = {
    rows: [
      {
        id: 'oom-killed',
        title: 'OOM',
        severity: 'critical',
        groups: [
          { group: 'n2', lines: 5 },
          { group: '', lines: 1 },
        ],
        spread: 2,
        total: 6,
      },
      { id: 'probe-failure', title: 'Probe', severity: 'warning', groups: [{ group: 'n1', lines: 3 }], spread: 1, total: 3 },
    ],
    groups: [
      { group: 'n1', lines: 100 },
      { group: 'n2', lines: 90 },
      { group: 'n3', lines: 80 },
      { group: '', lines: 2 },
    ],
    quiet: ['x'],
    uncounted: [{ id: 'cross', reason: 'it is found by a check across lines, not by line rules' }],
  };
  const [ch, loki] = parseConnections([
    { name: 'c', kind: 'clickhouse', url: 'http://c', where: "ServiceName = 'k'" },
    { name: 'l', kind: 'loki', url: 'http://l', query: '{job="j"}' },
  ]).connections;
  const result = (connection = ch): FleetResult => ({
    connection,
    by: 'node',
    since: new Date('2026-11-22T08:00:00Z'),
    until: new Date('2026-11-22T09:00:00Z'),
    narrowing: {},
    table,
  });

  it("rows in the table's rank, then what the table says beside them; a row's children are all its groups", () => {
    const roots = fleetRoots(result());
    assert.deepEqual(
      roots.map((n) => (n.kind === 'row' ? n.row.id : n.kind === 'note' ? n.text : n.group)),
      ['oom-killed', 'probe-failure', 'No candidate line on 1 node', '1 signature not counted (diagnose finds them)'],
    );
    assert.deepEqual(roots[2].kind === 'note' && roots[2].detail, 'n3');
    assert.deepEqual(
      fleetChildren(roots[0]).map((n) => n.kind === 'group' && [n.group, n.lines]),
      [
        ['n2', 5],
        ['', 1],
      ],
    );
    assert.deepEqual(
      fleetRoots({ ...result(), table: { ...table, groups: [], rows: [] } }).map((n) => n.kind === 'note' && n.text),
      ['No line in the window: nothing to count.'],
    );
  });

  it("a group drills down into its lines of the same window, the user's narrowing kept", () => {
    assert.deepEqual(drillArgs(result(), 'n2'), {
      connection: 'c',
      since: '2026-11-22T08:00:00.000Z',
      until: '2026-11-22T09:00:00.000Z',
      where:
        "(ServiceName = 'k') AND if(ResourceAttributes['k8s.node.name'] != '', ResourceAttributes['k8s.node.name'], ResourceAttributes['host.name']) = 'n2'",
    });
    assert.equal(
      drillArgs({ ...result(loki), loki: { labels: ['hostname'], origins: new Map([['n"2', new Set([0])]]) } }, 'n"2').query,
      '{job="j", hostname="n\\"2"}',
    );
    // The group came from the second label of the node's list: the first must be unset, as fleet counted it.
    assert.equal(
      drillArgs({ ...result(loki), loki: { labels: ['node_name', 'hostname'], origins: new Map([['n2', new Set([1])]]) } }, 'n2').query,
      '{job="j", node_name="", hostname="n2"}',
    );
    const [es] = parseConnections([{ name: 'e', kind: 'elasticsearch', url: 'http://e', query: 'service.name:kubelet' }]).connections;
    assert.equal(
      drillArgs({ ...result(es), elastic: { fields: ['kubernetes.node.name', 'host.name'], origins: new Map([['n"2', new Set([1])]]) } }, 'n"2').query,
      '(service.name:kubelet) AND (NOT _exists_:kubernetes.node.name AND host.name:"n\\"2")',
    );
  });
});
