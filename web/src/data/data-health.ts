/**
 * Collection health from GET /api/v1/status, /ingest/stats and /ingest/rejects: freshness per entity,
 * what each source did to each entity, the latest reject reasons, streaming rates between refreshes
 * and the recent imports, with chart options and tables for the /data page. Pure.
 */
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { Format } from '../i18n/format.ts';
import { fill, type Locale } from '../i18n/locale.ts';
import { entityLabel, type DataText } from './data-text.ts';
import type { ImportRecord, ImportReject, IngestStatsAnswer, StoreStatus } from './data-types.ts';

/** Entities that arrive all day long: judged by how old their newest record is. */
const CONTINUOUS_KINDS = new Set(['orders', 'events', 'logs']);

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Age limits in seconds: up to `fresh` is fresh, up to `late` late, beyond that stale. */
export const FRESHNESS_LIMITS = {
  /** Continuous entities by their newest record; 26 h lets a daily batch land late in the evening. */
  records: { fresh: HOUR, late: 26 * HOUR },
  /** Reference entities (users, catalog, weather) by their last ingestion. */
  ingestion: { fresh: 26 * HOUR, late: 8 * DAY },
} as const;

export type Freshness = 'fresh' | 'late' | 'stale' | 'empty';

/** Epoch ms of a time as the store or the API writes it: ISO, `YYYY-MM-DD HH:MM:SS` (UTC) or a date. */
export function parseStoreTime(value: string | null | undefined): number | null {
  if (!value) return null;
  let text = value.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00:00Z';
  else if (!/[zZ]|[+-]\d\d:?\d\d$/.test(text)) text += 'Z';
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The calendar day of a store or API time in the business zone ("Nov 26, 2026"); a plain date as it is. */
export function formatDayIn(value: string | null, format: Format, locale: Locale, timeZone: string): string {
  if (value === null) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return format.date(value);
  const ms = parseStoreTime(value);
  if (ms === null) return value;
  return new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(ms));
}

/** "12 s", "5 min", "3 h", "2 d" in the page's words. */
export function formatAge(seconds: number | null, format: Format, t: DataText): string {
  if (seconds === null || !Number.isFinite(seconds)) return t.never;
  const s = Math.max(0, seconds);
  if (s < 90) return fill(t.seconds, { n: format.number(s) });
  if (s < 90 * 60) return fill(t.minutes, { n: format.number(s / 60) });
  if (s < 48 * HOUR) return fill(t.hours, { n: format.number(s / HOUR, s < 10 * HOUR ? 1 : 0) });
  return fill(t.days, { n: format.number(s / DAY, s < 10 * DAY ? 1 : 0) });
}

export interface EntityHealth {
  readonly kind: string;
  readonly label: string;
  readonly rows: number;
  readonly from: string | null;
  readonly to: string | null;
  /** Seconds since the newest record's business time (null without one). */
  readonly newestAge: number | null;
  /** When the entity last received rows, ISO, and how long ago in seconds. */
  readonly lastIngestAt: string | null;
  readonly lastIngestAge: number | null;
  readonly freshness: Freshness;
  /** What the badge was judged on. */
  readonly basis: 'records' | 'ingestion';
}

function judge(age: number | null, limits: { fresh: number; late: number }): Freshness {
  if (age === null) return 'stale';
  return age <= limits.fresh ? 'fresh' : age <= limits.late ? 'late' : 'stale';
}

/** The latest time each entity received rows, from the import log and the streaming counters. */
function lastIngestions(status: StoreStatus, stats: IngestStatsAnswer | undefined): Map<string, number> {
  const latest = new Map<string, number>();
  const see = (kind: string, value: string | null | undefined) => {
    const ms = parseStoreTime(value);
    if (ms !== null && ms > (latest.get(kind) ?? Number.NEGATIVE_INFINITY)) latest.set(kind, ms);
  };
  for (const record of status.lastImports) if (record.status === 'completed') see(record.kind, record.finishedAt);
  for (const summary of stats?.batch ?? []) if (summary.completed > 0) see(summary.kind, summary.lastFinishedAt);
  for (const entry of stats?.stream.entries ?? []) see(entry.kind, entry.freshness.lastAcceptedAt);
  return latest;
}

/** Rows, time range and a freshness verdict per entity, as of `nowMs` (the server's clock). */
export function entityHealth(status: StoreStatus, stats: IngestStatsAnswer | undefined, nowMs: number, locale: Locale): EntityHealth[] {
  const ingested = lastIngestions(status, stats);
  return status.entities.map((entity) => {
    // A date alone (weather) says which day, not when in it: no age to the second for it.
    const newest = entity.to !== null && /^\d{4}-\d{2}-\d{2}$/.test(entity.to) ? null : parseStoreTime(entity.to);
    const newestAge = newest === null ? null : Math.max(0, (nowMs - newest) / 1000);
    const lastIngest = ingested.get(entity.kind) ?? null;
    const lastIngestAge = lastIngest === null ? null : Math.max(0, (nowMs - lastIngest) / 1000);
    const basis = CONTINUOUS_KINDS.has(entity.kind) ? 'records' : 'ingestion';
    const freshness: Freshness =
      entity.rows === 0 ? 'empty' : judge(basis === 'records' ? newestAge : lastIngestAge, FRESHNESS_LIMITS[basis]);
    return {
      kind: entity.kind,
      label: entityLabel(entity.kind, locale),
      rows: entity.rows,
      from: entity.from,
      to: entity.to,
      newestAge,
      lastIngestAt: lastIngest === null ? null : new Date(lastIngest).toISOString(),
      lastIngestAge,
      freshness,
      basis,
    };
  });
}

export interface SourceRow {
  readonly source: string;
  readonly kind: string;
  readonly entity: string;
  readonly mode: string;
  readonly runs: number;
  readonly accepted: number;
  readonly inserted: number;
  readonly updated: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rejectRate: number | null;
  /** Seconds; streaming only. */
  readonly lagP50: number | null;
  readonly lagP95: number | null;
  readonly lastAt: string;
  readonly status: string;
}

/** What every source did to every entity: streaming counters and summed batch imports, one row each. */
export function sourceRows(stats: IngestStatsAnswer, locale: Locale, t: DataText): SourceRow[] {
  const rate = (rejected: number, accepted: number) => (rejected + accepted > 0 ? rejected / (rejected + accepted) : null);
  const stream = stats.stream.entries.map((entry): SourceRow => ({
    source: entry.source,
    kind: entry.kind,
    entity: entityLabel(entry.kind, locale),
    mode: t.stream,
    runs: entry.totals.batches,
    accepted: entry.totals.accepted,
    inserted: entry.totals.inserted,
    updated: entry.totals.updated,
    duplicates: entry.totals.duplicates,
    rejected: entry.totals.rejected,
    rejectRate: rate(entry.totals.rejected, entry.totals.accepted),
    lagP50: entry.lag ? entry.lag.p50Ms / 1000 : null,
    lagP95: entry.lag ? entry.lag.p95Ms / 1000 : null,
    lastAt: entry.freshness.lastRecordAt,
    status: '',
  }));
  const batch = stats.batch.map((summary): SourceRow => {
    const accepted = summary.inserted + summary.updated + summary.unchanged;
    return {
      source: summary.source,
      kind: summary.kind,
      entity: entityLabel(summary.kind, locale),
      mode: t.batch,
      runs: summary.completed + summary.failed,
      accepted,
      inserted: summary.inserted,
      updated: summary.updated,
      duplicates: summary.unchanged,
      rejected: summary.rejected,
      rejectRate: rate(summary.rejected, accepted),
      lagP50: null,
      lagP95: null,
      lastAt: summary.lastFinishedAt,
      status: summary.lastStatus === 'failed' ? `${t.failed}${summary.lastError ? `: ${summary.lastError}` : ''}` : t.completed,
    };
  });
  return [...stream, ...batch];
}

export function sourceTable(rows: readonly SourceRow[], format: Format, timeZone: string, t: DataText): TableData<SourceRow> {
  const count = (v: unknown) => format.number(v as number);
  // Lag runs from milliseconds (live clients) to days (a backfill), so it is written as an age.
  const seconds = (v: unknown) =>
    v === null ? '—' : (v as number) < 1 ? `${format.number((v as number) * 1000)} ms` : formatAge(v as number, format, t);
  return {
    columns: [
      { key: 'source', label: t.source },
      { key: 'entity', label: t.entity },
      { key: 'mode', label: t.mode },
      { key: 'runs', label: t.runs, numeric: true, format: count },
      { key: 'accepted', label: t.accepted, numeric: true, format: count },
      { key: 'inserted', label: t.inserted, numeric: true, format: count },
      { key: 'updated', label: t.updated, numeric: true, format: count },
      { key: 'duplicates', label: t.duplicates, numeric: true, format: count },
      { key: 'rejected', label: t.rejected, numeric: true, format: count },
      { key: 'rejectRate', label: t.rejectRate, numeric: true, format: (v) => format.percent(v as number | null, 2) },
      { key: 'lagP50', label: t.lagP50, numeric: true, format: seconds },
      { key: 'lagP95', label: t.lagP95, numeric: true, format: seconds },
      { key: 'lastAt', label: t.lastAt, format: (v) => format.dateTime(v as string, timeZone) },
      { key: 'status', label: t.status },
    ],
    rows,
  };
}

export interface RejectRow {
  readonly at: string;
  readonly source: string;
  readonly entity: string;
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

/** File name without its directories (paths are the server's, not the reader's). */
export function baseName(path: string | null | undefined): string {
  if (!path) return '';
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** The latest reject reasons of streaming and batch imports together, newest first. */
export function rejectRows(stats: IngestStatsAnswer, batch: readonly ImportReject[], locale: Locale, limit = 200): RejectRow[] {
  const rows: RejectRow[] = [];
  for (const entry of stats.stream.entries)
    for (const reason of entry.reasons)
      rows.push({
        at: reason.at,
        source: entry.source,
        entity: entityLabel(entry.kind, locale),
        file: '',
        line: reason.line,
        field: reason.field ?? '',
        reason: reason.reason,
      });
  for (const reject of batch)
    rows.push({
      at: reject.finishedAt,
      source: reject.source,
      entity: entityLabel(reject.kind, locale),
      file: baseName(reject.file),
      line: reject.line,
      field: reject.field ?? '',
      reason: reject.reason,
    });
  const time = (row: RejectRow) => parseStoreTime(row.at) ?? 0;
  return rows.sort((a, b) => time(b) - time(a)).slice(0, limit);
}

export function rejectTable(rows: readonly RejectRow[], format: Format, timeZone: string, t: DataText): TableData<RejectRow> {
  return {
    columns: [
      { key: 'at', label: t.time, format: (v) => format.dateTime(v as string, timeZone) },
      { key: 'source', label: t.source },
      { key: 'entity', label: t.entity },
      { key: 'file', label: t.file },
      { key: 'line', label: t.line, numeric: true },
      { key: 'field', label: t.field },
      { key: 'reason', label: t.reason },
    ],
    rows,
  };
}

/** Records received so far (accepted + rejected) per entity, at one refresh. */
export interface RateSample {
  readonly atMs: number;
  /** When the server started counting; a change means the counters restarted. */
  readonly since: string;
  readonly received: Readonly<Record<string, number>>;
}

export function toRateSample(stats: IngestStatsAnswer): RateSample {
  const received: Record<string, number> = {};
  for (const entry of stats.stream.entries)
    received[entry.kind] = (received[entry.kind] ?? 0) + entry.totals.accepted + entry.totals.rejected;
  return { atMs: Date.parse(stats.at), since: stats.stream.since, received };
}

/** Adds a sample to the history (at most `keep`, one per server answer), starting over after a restart. */
export function addRateSample(history: readonly RateSample[], sample: RateSample, keep = 60): RateSample[] {
  const last = history[history.length - 1];
  if (last && last.atMs === sample.atMs) return [...history];
  const kept = last && last.since !== sample.since ? [] : [...history];
  kept.push(sample);
  return kept.slice(-keep);
}

/** Records received per minute since the server started counting. */
export function averageRate(stats: IngestStatsAnswer): number | null {
  const minutes = (Date.parse(stats.at) - Date.parse(stats.stream.since)) / 60_000;
  if (!(minutes > 0)) return null;
  return (stats.stream.totals.accepted + stats.stream.totals.rejected) / minutes;
}

export type RateRow = Readonly<Record<string, string | number>>;

/** Records per minute per entity between consecutive refreshes, as a line chart and its table. */
export function buildRateChart(
  history: readonly RateSample[],
  format: Format,
  timeZone: string,
  locale: Locale,
  t: DataText,
): { option: ChartOption; table: TableData<RateRow> } | null {
  if (history.length < 2) return null;
  const kinds = [...new Set(history.flatMap((sample) => Object.keys(sample.received)))].sort();
  const rows: RateRow[] = [];
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1]!;
    const b = history[i]!;
    const minutes = (b.atMs - a.atMs) / 60_000;
    if (!(minutes > 0)) continue;
    const row: Record<string, string | number> = { time: new Date(b.atMs).toISOString() };
    for (const kind of kinds) row[kind] = Math.max(0, ((b.received[kind] ?? 0) - (a.received[kind] ?? 0)) / minutes);
    rows.push(row);
  }
  const clock = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const perMinute = (v: unknown) => format.number(v as number, 1);
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${perMinute(v)} ${t.perMinute}` },
    legend: { top: 0 },
    xAxis: { type: 'category', data: rows.map((r) => clock.format(new Date(String(r.time)))), boundaryGap: false },
    yAxis: { type: 'value', min: 0, name: t.perMinute, nameTextStyle: { align: 'left' } },
    series: kinds.map((kind) => ({ name: entityLabel(kind, locale), type: 'line', symbolSize: 4, data: rows.map((r) => r[kind]) })),
  };
  return {
    option,
    table: {
      columns: [
        { key: 'time', label: t.time, format: (v) => clock.format(new Date(String(v))) },
        ...kinds.map((kind) => ({ key: kind, label: `${entityLabel(kind, locale)} (${t.perMinute})`, numeric: true, format: perMinute })),
      ],
      rows,
    },
  };
}

export interface ImportRow {
  readonly id: string;
  readonly source: string;
  readonly entity: string;
  readonly files: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly duration: number;
  readonly status: string;
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Whether read = inserted + updated + unchanged + rejected. */
  readonly balanced: string;
  readonly throughput: number | null;
  readonly error: string;
}

/** The import log, newest first, with duration, throughput and whether its counts add up. */
export function importRows(records: readonly ImportRecord[], locale: Locale, t: DataText): ImportRow[] {
  return records.map((record) => {
    const started = parseStoreTime(record.startedAt) ?? 0;
    const finished = parseStoreTime(record.finishedAt) ?? started;
    const duration = Math.max(0, (finished - started) / 1000);
    const sum = record.inserted + record.updated + record.unchanged + record.rejected;
    return {
      id: record.id,
      source: record.source,
      entity: entityLabel(record.kind, locale),
      files: record.files.map(baseName).join(', '),
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      duration,
      status: record.status === 'completed' ? t.completed : t.failed,
      read: record.read,
      inserted: record.inserted,
      updated: record.updated,
      unchanged: record.unchanged,
      rejected: record.rejected,
      // A failed import stored nothing, so only its read and rejected counts are meaningful.
      balanced: record.status === 'failed' ? '—' : sum === record.read ? `✓ ${t.balancedOk}` : `✗ ${t.balancedBad}`,
      throughput: duration > 0 ? record.read / (duration / 60) : null,
      error: record.error ?? '',
    };
  });
}

export function importTable(rows: readonly ImportRow[], format: Format, timeZone: string, t: DataText): TableData<ImportRow> {
  const count = (v: unknown) => format.number(v as number);
  return {
    columns: [
      { key: 'source', label: t.source },
      { key: 'entity', label: t.entity },
      { key: 'files', label: t.files },
      { key: 'startedAt', label: t.started, format: (v) => format.dateTime(v as string, timeZone) },
      { key: 'finishedAt', label: t.finished, format: (v) => format.dateTime(v as string, timeZone) },
      { key: 'duration', label: t.duration, numeric: true, format: (v) => `${format.number(v as number, 1)} s` },
      { key: 'status', label: t.status },
      { key: 'read', label: t.read, numeric: true, format: count },
      { key: 'inserted', label: t.inserted, numeric: true, format: count },
      { key: 'updated', label: t.updated, numeric: true, format: count },
      { key: 'unchanged', label: t.unchanged, numeric: true, format: count },
      { key: 'rejected', label: t.rejected, numeric: true, format: count },
      { key: 'balanced', label: t.balanced },
      { key: 'throughput', label: t.throughput, numeric: true, format: (v) => format.number(v as number | null) },
      { key: 'error', label: t.error },
    ],
    rows,
  };
}

/** Stacked bars of what each recent import did with the rows it read. */
export function buildImportsChart(rows: readonly ImportRow[], format: Format, timeZone: string, t: DataText): ChartOption {
  const shown = [...rows].reverse();
  const parts = [
    { key: 'inserted', name: t.inserted, color: '#10b981' },
    { key: 'updated', name: t.updated, color: '#2563eb' },
    { key: 'unchanged', name: t.unchanged, color: '#94a3b8' },
    { key: 'rejected', name: t.rejected, color: '#ef4444' },
  ] as const;
  return {
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => format.number(v as number) },
    legend: { top: 0 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => format.compact(v) } },
    yAxis: {
      type: 'category',
      data: shown.map((row) => `${row.entity} · ${row.source} · ${format.dateTime(row.finishedAt, timeZone).slice(-5)}`),
      axisLabel: { width: 160, overflow: 'truncate' },
    },
    series: parts.map((part) => ({
      name: part.name,
      type: 'bar',
      stack: 'rows',
      barMaxWidth: 18,
      itemStyle: { color: part.color },
      data: shown.map((row) => row[part.key]),
    })),
  };
}
