/**
 * The page and its state live in the URL (path + query string), so any view can be shared or
 * bookmarked: components read it with `useLocation` and change it with `navigate`/`updateParams`.
 */
import { useEffect, useState } from 'preact/hooks';

export interface AppLocation {
  readonly path: string;
  readonly params: URLSearchParams;
}

const CHANGE = 'flowsight:locationchange';

function current(): AppLocation {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

/** The current location; re-renders on back/forward and on every navigate/updateParams. */
export function useLocation(): AppLocation {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}

function go(url: string, replace: boolean): void {
  if (url === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

/** Goes to another page, keeping the shared filters (and language) in the query string. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const search = window.location.search;
  go(path + search, options.replace ?? false);
}

/** Sets (or, with undefined or '', removes) query parameters of the current page. */
export function updateParams(patch: Readonly<Record<string, string | undefined>>, options: { replace?: boolean } = {}): void {
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  go(window.location.pathname + (query ? `?${query}` : ''), options.replace ?? false);
}
