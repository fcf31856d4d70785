/**
 * `npm run bench -- live`: how long the live feed takes to make a snapshot after a commit on the query
 * benchmark's store (~11 M orders, ~55 M events), for the overview's views: everywhere, one province,
 * one city, one venue. After each of `--rounds` commits of 50 orders and 50 visits in that place, the
 * snapshot is made as the feed makes it — continuing from the channel's previous one — and, as the
 * reference in the same run, afresh from the whole tables; the two must show the same latest records.
 * Runs on a copy of the store, in this process.
 */
import { rmSync } from 'node:fs';
import type { EntityKind } from '../src/domain/entities.ts';
import type { CanonicalRow } from '../src/ingest/steps/normalise-batch.ts';
import { buildLiveUpdate, type LiveFilter } from '../src/query/live-snapshot.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { canonicalRow } from '../test/support/canonical-row.ts';
import { freshQueryStoreCopy } from './query-bench.ts';
import { fmt } from './measure.ts';

const TZ = 'Asia/Shanghai';
const PER_COMMIT = 50;

async function commit(store: Store, kind: EntityKind, rows: CanonicalRow[], tag: string): Promise<void> {
  const staged = await store.stage(kind);
  await staged.append(0, rows);
  await staged.commit({
    id: `live-bench-${kind}-${tag}`,
    kind,
    source: 'bench',
    files: ['bench'],
    startedAt: new Date(),
    read: rows.length,
    rejected: 0,
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function liveBenchmark(flags: Record<string, string> = {}): Promise<void> {
  const users = Number(flags.users ?? 1_000_000);
  const days = Number(flags.days ?? 730);
  const rounds = Number(flags.rounds ?? 5);
  const db = await freshQueryStoreCopy('live', users, days);
  const store = await openDuckDbStore({ path: db, timeZone: TZ });
  try {
    // The busiest venue's place, and a product sold there.
    const [place] = await store.runQuery({
      sql: `SELECT v.venue_id, v.province, v.city, any_value(c.product_id) AS product_id
        FROM venues v JOIN catalog c ON c.venue_id = v.venue_id JOIN orders o ON o.product_id = c.product_id
        GROUP BY ALL ORDER BY count(*) DESC LIMIT 1`,
      params: [],
    });
    if (!place) throw new Error('the benchmark store has no venue with orders');
    const views: [string, LiveFilter][] = [
      ['everywhere', {}],
      [`province ${String(place.province)}`, { province: String(place.province) }],
      [`city ${String(place.city)}`, { city: String(place.city) }],
      [`venue ${String(place.venue_id)}`, { venue: String(place.venue_id) }],
    ];
    const rows: string[] = [];
    for (const [label, filter] of views) {
      let started = performance.now();
      let update = await buildLiveUpdate(store, { timeZone: TZ, filter });
      const first = (performance.now() - started) / 1000;
      const continued: number[] = [];
      const afresh: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const now = Date.now();
        const tag = `${label.replace(/\W+/g, '-')}-${round}`;
        await commit(
          store,
          'orders',
          Array.from({ length: PER_COMMIT }, (_, i) =>
            canonicalRow('orders', {
              order_id: `LIVE-${tag}-${i}`,
              user_id: `LIVE-U${i}`,
              created_at: now,
              paid_at: now,
              product_id: String(place.product_id),
              amount: 99,
              status: 'completed',
              channel: 'app',
            }),
          ),
          tag,
        );
        await commit(
          store,
          'events',
          Array.from({ length: PER_COMMIT }, (_, i) =>
            canonicalRow('events', {
              event_id: `LIVE-E-${tag}-${i}`,
              user_id: `LIVE-U${i}`,
              event_type: 'visit',
              occurred_at: now,
              venue_id: String(place.venue_id),
            }),
          ),
          tag,
        );
        started = performance.now();
        update = await buildLiveUpdate(store, { timeZone: TZ, filter }, update.continuation);
        continued.push((performance.now() - started) / 1000);
        started = performance.now();
        const reference = await buildLiveUpdate(store, { timeZone: TZ, filter });
        afresh.push((performance.now() - started) / 1000);
        if (JSON.stringify(reference.snapshot.latest) !== JSON.stringify(update.snapshot.latest))
          throw new Error(`${label}: the continued snapshot's latest records differ from a fresh read`);
      }
      rows.push(
        `| ${label} | ${fmt.sec(first)} | ${fmt.sec(median(continued))} | ${fmt.sec(median(afresh))} | ${fmt.ratio(median(continued) / median(afresh))} |`,
      );
    }
    console.log(
      `## Live feed (\`npm run bench -- live\`, ${fmt.int(users)} users × ${days} days, ${rounds} commits of ${PER_COMMIT} orders + ${PER_COMMIT} visits per view)\n`,
    );
    console.log('| view | first snapshot | after a commit, continued (median) | reference: afresh (median) | ratio |');
    console.log('|---|---:|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    await store.close();
    if (flags.keep !== 'true') {
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
    }
  }
}
