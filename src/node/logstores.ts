/**
 * The log-store adapters' entry points for the CLI. In a build this is its own bundle,
 * dist/logstores.js (it holds @clickhouse/client and the Loki client): load it with {@link loadLogstores}
 * (loadLogstores.ts) when a store is read, so no other command reads or compiles it.
 */
export { ClickHouseSource, type ClickHouseSpec } from '../logstores/clickhouseSource';
export { LokiSource, type LokiSpec } from '../logstores/lokiSource';
export { StoreError } from '../logstores/storeErrors';
export { lokiFleetCounts, type LokiFleetOptions, type LokiFleetTable } from '../logstores/lokiFleet';
export { ElasticSource, type ElasticSpec } from '../logstores/elasticSource';
