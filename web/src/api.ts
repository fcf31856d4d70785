/**
 * The dashboard's one way to the server: JSON GETs and POSTs under /api/v1, errors turned into
 * sentences (the API's `{ error: { code, message } }` shape, or what went wrong on the way), and
 * `useApi`, which loads a resource and reloads it when its path or parameters change. The shell can
 * `prefetch` what a page is about to ask for, so the answers travel while the page's code loads.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';

export type ParamValue = string | number | boolean | undefined | null | readonly string[];
export type Params = Readonly<Record<string, ParamValue>>;

/** A request the server refused or could not answer; `message` is meant for people. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The request's part at fault, as the API names it (`details.field`), if it does. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** `path?params`, with array values repeated (`where=a&where=b`) and empty values left out. */
export function apiUrl(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) search.append(name, item);
    else search.append(name, String(value));
  }
  const query = search.toString();
  return `/api/v1${path}${query ? `?${query}` : ''}`;
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    // Said in the dashboard's language by the error views (see error-text.ts), by its code.
    throw new ApiRequestError('the server cannot be reached', 0, 'unreachable');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: { field?: unknown } } } | undefined)?.error;
    const field = error?.details?.field;
    throw new ApiRequestError(
      error?.message ?? `The server answered ${response.status} ${response.statusText}`,
      response.status,
      error?.code ?? 'http_error',
      typeof field === 'string' ? field : undefined,
    );
  }
  return body as T;
}

/** Answers asked for ahead of their page, by URL; each is taken by the first request for it. */
const prefetched = new Map<string, Promise<unknown>>();
/** An answer not taken by then is dropped (the page asked for something else, or never came). */
const PREFETCH_KEPT_MS = 10_000;

/** Asks for `path?params` now; the page's own request for the same URL gets this answer instead of asking again. */
export function prefetch(path: string, params?: Params): void {
  const url = apiUrl(path, params);
  if (prefetched.has(url)) return;
  const answer = send(url, { headers: { accept: 'application/json' } });
  answer.catch(() => undefined); // the page's request sees the failure; nobody else should
  prefetched.set(url, answer);
  setTimeout(() => prefetched.get(url) === answer && prefetched.delete(url), PREFETCH_KEPT_MS);
}

/** GET `url`, or the answer prefetched for it. */
function getUrl<T>(url: string, signal?: AbortSignal): Promise<T> {
  const early = prefetched.get(url);
  if (early) {
    prefetched.delete(url);
    return early as Promise<T>;
  }
  return send<T>(url, { signal: signal ?? null, headers: { accept: 'application/json' } });
}

export function getJson<T>(path: string, params?: Params, signal?: AbortSignal): Promise<T> {
  return getUrl<T>(apiUrl(path, params), signal);
}

export function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return send<T>(apiUrl(path), {
    method: 'POST',
    signal: signal ?? null,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

export type Resource<T> =
  | { readonly status: 'loading'; readonly data?: T | undefined }
  | { readonly status: 'ok'; readonly data: T }
  | { readonly status: 'error'; readonly error: Error; readonly data?: T | undefined };

/**
 * Loads `path` with `params` (nothing while `path` is null) and again whenever either changes; the
 * previous data stays available while the next loads, so charts do not flash empty.
 */
export function useApi<T>(path: string | null, params: Params = {}): Resource<T> & { reload: () => void } {
  const key = path === null ? null : apiUrl(path, params);
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', data: previous.data }));
    // A prefetched answer cannot be aborted: an answer for a key no longer wanted is ignored instead.
    getUrl<T>(key, controller.signal).then(
      (data) => !controller.signal.aborted && setState({ status: 'ok', data }),
      (error: Error) => {
        if (!controller.signal.aborted && error.name !== 'AbortError')
          setState((previous) => ({ status: 'error', error, data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

/** A column of a metrics query answer. */
export interface QueryColumn {
  readonly name: string;
  readonly type: 'string' | 'number' | 'integer' | string;
  readonly label: string;
}

export type QueryCell = string | number | null;

/** The answer of GET /api/v1/query. */
export interface QueryResult {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly Readonly<Record<string, QueryCell>>[];
  readonly period: { readonly from: string | null; readonly to: string | null };
  readonly comparison?: { readonly kind: string; readonly from: string; readonly to: string };
  readonly timeZone: string;
}

/** Parameters of a metrics query (see GET /api/v1/query). */
export interface MetricsRequest {
  readonly metric: readonly string[];
  readonly by?: readonly string[];
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly where?: readonly string[];
  readonly compare?: 'previous' | 'year' | undefined;
  readonly order?: readonly string[];
  readonly limit?: number | undefined;
}

/** The parameters of GET /api/v1/query for a metrics request, in the dashboard's language. */
export const metricsParams = (request: MetricsRequest, locale: string): Params => ({ ...request, locale });

/** `useApi` on the metrics layer, in the dashboard's language. */
export function useMetrics(request: MetricsRequest | null, locale: string): Resource<QueryResult> & { reload: () => void } {
  return useApi<QueryResult>(request === null ? null : '/query', request === null ? {} : metricsParams(request, locale));
}
