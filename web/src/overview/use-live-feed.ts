/**
 * The live feed (GET /api/v1/live, server-sent `snapshot` events) as a hook: one EventSource per
 * region filter, closed on unmount and whenever the filter changes, so no stream outlives its view.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiUrl } from '../api.ts';

/** Orders, revenue and visitors of one local minute (`YYYY-MM-DD HH:MM`). */
export interface LiveMinute {
  readonly minute: string;
  readonly orders: number;
  readonly revenue: number;
  readonly visitors: number;
}

/** A recently ingested order; the buyer id is masked by the server. */
export interface LiveOrder {
  readonly orderId: string;
  readonly userId: string | null;
  readonly createdAt: string | null;
  readonly paidAt: string | null;
  readonly amount: number | null;
  readonly status: string | null;
  readonly channel: string | null;
  readonly venueId: string | null;
  readonly venueName: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly ingestedAt: string | null;
}

/** What one `snapshot` event carries (see src/query/live-snapshot.ts). */
export interface LiveSnapshot {
  readonly at: string;
  readonly timeZone: string;
  /** Oldest first; the last entry is the current, incomplete minute. */
  readonly perMinute: readonly LiveMinute[];
  /** Today (local) so far. */
  readonly totals: { readonly orders: number; readonly revenue: number; readonly visitors: number };
  readonly latest: { readonly orders: readonly LiveOrder[]; readonly visits: readonly unknown[] };
}

export interface LiveFilter {
  readonly province?: string | undefined;
  readonly city?: string | undefined;
  readonly venue?: string | undefined;
}

/** `connecting` before the first snapshot, `reconnecting` while the browser retries a lost stream. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface LiveFeedState {
  readonly status: LiveStatus;
  readonly snapshot?: LiveSnapshot | undefined;
  /** When the last snapshot arrived (browser clock). */
  readonly receivedAt?: Date | undefined;
}

/** Subscribes to the live feed for a region filter; the snapshot of another filter is never shown. */
export function useLiveFeed(filter: LiveFilter): LiveFeedState {
  // The overview lists the latest orders only: asking for them alone spares the server a scan of the events.
  const url = apiUrl('/live', { province: filter.province, city: filter.city, venue: filter.venue, records: 'orders' });
  const [state, setState] = useState<LiveFeedState & { url: string }>({ url, status: 'connecting' });
  useEffect(() => {
    setState({ url, status: 'connecting' });
    const source = new EventSource(url);
    const onSnapshot = (event: MessageEvent<string>) => {
      let snapshot: LiveSnapshot;
      try {
        snapshot = JSON.parse(event.data) as LiveSnapshot;
      } catch {
        return; // A garbled event is skipped; the next one replaces it anyway.
      }
      setState({ url, status: 'live', snapshot, receivedAt: new Date() });
    };
    source.addEventListener('snapshot', onSnapshot);
    // EventSource retries by itself; CLOSED means it gave up (the server refused the stream).
    source.onerror = () =>
      setState((previous) => ({
        ...previous,
        status: source.readyState === EventSource.CLOSED ? 'closed' : previous.snapshot ? 'reconnecting' : 'connecting',
      }));
    return () => {
      source.removeEventListener('snapshot', onSnapshot);
      source.close();
    };
  }, [url]);
  return state.url === url ? state : { status: 'connecting' };
}

/**
 * `value`, changing at most once every `ms` (the latest value is applied when the wait is over), so
 * a burst of live snapshots costs one reload of what depends on them.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const [last, setLast] = useState(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, last + ms - Date.now());
    const timer = setTimeout(() => {
      setShown(value);
      setLast(Date.now());
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, last, ms]);
  return shown;
}
