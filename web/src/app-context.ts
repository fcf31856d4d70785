/** What every page needs and the shell provides: language, formatting, shared filters, the business zone. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Filters } from './filters/filters.ts';
import type { Format } from './i18n/format.ts';
import type { Locale } from './i18n/locale.ts';

export interface AppContextValue {
  readonly locale: Locale;
  readonly format: Format;
  readonly filters: Filters;
  /** The server's reporting time zone (days and hours are cut in it). */
  readonly timeZone: string;
  /** Today in that zone, `YYYY-MM-DD`. */
  readonly today: string;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useAppContext outside the app shell');
  return value;
}
