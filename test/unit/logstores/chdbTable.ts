/**
 * A chDB (embedded ClickHouse) session with a table in the OpenTelemetry collector's ClickHouse
 * exporter's `otel_logs` shape (its default DDL, less codecs and skip indexes), for tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chdbSession, type Session } from './chdb';

/** One row to load. */
export interface OtelRow {
  Timestamp: string;
  ServiceName: string;
  Body: string;
  SeverityText?: string;
  ResourceAttributes?: Record<string, string>;
  LogAttributes?: Record<string, string>;
}

export const OTEL_LOGS_DDL = (table: string): string => `CREATE TABLE ${table} (
  Timestamp DateTime64(9),
  TimestampTime DateTime DEFAULT toDateTime(Timestamp),
  TraceId String, SpanId String, TraceFlags UInt8,
  SeverityText LowCardinality(String), SeverityNumber UInt8,
  ServiceName LowCardinality(String),
  Body String,
  ResourceSchemaUrl LowCardinality(String),
  ResourceAttributes Map(LowCardinality(String), String),
  ScopeSchemaUrl LowCardinality(String), ScopeName String, ScopeVersion LowCardinality(String),
  ScopeAttributes Map(LowCardinality(String), String),
  LogAttributes Map(LowCardinality(String), String)
) ENGINE = MergeTree PARTITION BY toDate(TimestampTime) ORDER BY (ServiceName, TimestampTime)`;

/** A chDB session in a temporary folder with `otel_logs` created; `close` removes it. */
export class ChdbLogs {
  readonly session: Session;
  private readonly dir = mkdtempSync(join(tmpdir(), 'pml-chdb-'));

  constructor(readonly table = 'otel_logs') {
    this.session = new (chdbSession())(this.dir);
    this.session.query(OTEL_LOGS_DDL(table));
  }

  /** Load rows (JSONEachRow, so bodies need no SQL escaping of ours). */
  load(rows: readonly OtelRow[]): void {
    if (rows.length === 0) return;
    const json = rows.map((r) => JSON.stringify({ ResourceAttributes: {}, LogAttributes: {}, SeverityText: '', ...r })).join('\n');
    // Data after FORMAT is read as data, not parsed as SQL (no escaping of ours, no query size limit).
    this.session.query(`INSERT INTO ${this.table} (Timestamp, ServiceName, Body, SeverityText, ResourceAttributes, LogAttributes) FORMAT JSONEachRow\n${json}`);
  }

  /** Rows of a query as JSON objects. */
  rows<T>(sql: string): T[] {
    const out = this.session.query(sql, 'JSONEachRow');
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T);
  }

  close(): void {
    this.session.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
