/**
 * Orders for the ingest benchmark: record `n` of run `run` is always the same NDJSON line (id
 * `o-<run>-<n>`, fields derived from a hash of `n`), so the load generator and the batch importer's
 * file carry exactly the same records, and a retried request carries the same ids.
 */

const STATUSES = [
  ...Array<string>(55).fill('completed'),
  ...Array<string>(15).fill('pending_shipment'),
  ...Array<string>(12).fill('shipped'),
  ...Array<string>(10).fill('pending_payment'),
  ...Array<string>(6).fill('cancelled'),
  ...Array<string>(2).fill('refunded'),
];
const CHANNELS = ['wechat', 'wechat', 'wechat', 'app', 'app', 'mobile', 'pc'];
const UNPAID = new Set(['pending_payment', 'cancelled']);
/** Naive local times are written in Asia/Shanghai (the default zone): UTC+8, no daylight saving. */
const SHANGHAI_MS = 8 * 3_600_000;

/** A 32-bit integer hash (murmur3 finaliser): cheap, deterministic, well spread. */
function mix(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

const localTime = (utcMs: number) => new Date(utcMs + SHANGHAI_MS).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Record `n` as one NDJSON line (no newline). Orders are created at 5,000 a second from `baseMs`, as a
 * live feed would send them; paid orders were paid 30 s–10 min after they were created.
 */
export function orderLine(run: string, n: number, baseMs: number): string {
  const h = mix(n);
  const status = STATUSES[h % STATUSES.length]!;
  const created = baseMs + Math.floor(n / 5) - (h % 60_000);
  const paid = UNPAID.has(status) ? '' : `,"paid_at":"${localTime(created + 30_000 + (h % 570_000))}"`;
  const amount = (((h >>> 8) % 99_900) + 100) / 100;
  return `{"order_id":"o-${run}-${n}","user_id":"u-${(h >>> 4) % 200_000}","created_at":"${localTime(created)}"${paid},"product_id":"p-${(h >>> 12) % 5_000}","quantity":${1 + ((h >>> 20) % 3)},"amount":"${amount.toFixed(2)}","status":"${status}","channel":"${CHANNELS[(h >>> 24) % CHANNELS.length]!}"}`;
}

/** Records `first` … `first + count - 1` as an NDJSON request body. */
export function ordersBody(run: string, first: number, count: number, baseMs: number): Buffer {
  let text = '';
  for (let n = first; n < first + count; n++) text += `${orderLine(run, n, baseMs)}\n`;
  return Buffer.from(text);
}
