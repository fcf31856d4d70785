/**
 * The shell: navigation, the filter bar, the language switch, and the current page (loaded on
 * demand). Everything a page needs comes through AppContext; the URL holds all of the state.
 */
import type { ComponentType } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApi } from './api.ts';
import { AppContext, type AppContextValue } from './app-context.ts';
import { commonText } from './components/common-text.ts';
import { ErrorMessage, Loading } from './components/state-view.tsx';
import { FilterBar } from './filters/filter-bar.tsx';
import { readFilters, todayIn } from './filters/filters.ts';
import { createFormat } from './i18n/format.ts';
import { defineText, toLocale, type Locale } from './i18n/locale.ts';
import { PAGES, type PageEntry, type PageOpening } from './pages/page-registry.ts';
import { navigate, updateParams, useLocation } from './url-state.ts';

const shellText = defineText({
  'zh-CN': {
    product: 'Flowsight 客流分析',
    overview: '总览',
    time: '时间',
    region: '区域',
    forecast: '预测',
    profiles: '用户画像',
    orders: '订单',
    logs: '日志',
    alerts: '告警',
    data: '数据',
    language: 'English',
    languageName: '切换到英文',
  },
  en: {
    product: 'Flowsight',
    overview: 'Overview',
    time: 'Time',
    region: 'Region',
    forecast: 'Forecast',
    profiles: 'Profiles',
    orders: 'Orders',
    logs: 'Logs',
    alerts: 'Alerts',
    data: 'Data',
    language: '中文',
    languageName: 'Switch to Chinese',
  },
});

const DEFAULT_ZONE = 'Asia/Shanghai';

function usePage(entry: PageEntry | undefined, opening: PageOpening): { Page?: ComponentType; error?: Error } {
  const [loaded, setLoaded] = useState<{ path: string; Page?: ComponentType; error?: Error }>({ path: '' });
  const openedWith = useRef(opening);
  openedWith.current = opening;
  useEffect(() => {
    if (!entry) return;
    entry.prefetch?.(openedWith.current);
    let live = true;
    entry.load().then(
      (module) => live && setLoaded({ path: entry.path, Page: module.default }),
      (error: Error) => live && setLoaded({ path: entry.path, error }),
    );
    return () => {
      live = false;
    };
  }, [entry]);
  return loaded.path === entry?.path ? loaded : {};
}

function NotFound({ locale }: { locale: Locale }) {
  const text = commonText(locale);
  return (
    <div class="page state state-empty">
      {text.notFound}{' '}
      <a href="/" onClick={(event) => (event.preventDefault(), navigate('/'))}>
        {text.backHome}
      </a>
    </div>
  );
}

export function App() {
  const location = useLocation();
  const locale = toLocale(location.params.get('lang'));
  const t = shellText(locale);
  // The reporting zone decides what "today" is; until the server says, assume the default.
  const metrics = useApi<{ timeZone: string }>('/metrics');
  const timeZone = metrics.data?.timeZone ?? DEFAULT_ZONE;
  const today = todayIn(timeZone);
  const search = location.params.toString();
  const context = useMemo<AppContextValue>(
    () => ({ locale, format: createFormat(locale), filters: readFilters(new URLSearchParams(search), today), timeZone, today }),
    [locale, search, today, timeZone],
  );
  // `/time/` is `/time`: a trailing slash (typed, or added by a proxy) names the same page.
  const path = location.path.length > 1 ? location.path.replace(/\/+$/, '') || '/' : location.path;
  const entry = PAGES.find((page) => page.path === path);
  const { Page, error } = usePage(entry, { ...context, params: location.params });

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = entry ? `${t[entry.name]} · ${t.product}` : t.product;
  }, [locale, entry, t]);

  return (
    <AppContext.Provider value={context}>
      <div class="shell">
        <nav class="sidebar" aria-label={t.product}>
          <a class="brand" href="/" onClick={(event) => (event.preventDefault(), navigate('/'))}>
            {t.product}
          </a>
          <ul>
            {PAGES.map((page) => (
              <li key={page.path}>
                <a
                  href={page.path + (search ? `?${search}` : '')}
                  aria-current={page.path === path ? 'page' : undefined}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
                    event.preventDefault();
                    navigate(page.path);
                  }}
                >
                  {t[page.name]}
                </a>
              </li>
            ))}
          </ul>
          <button
            type="button"
            class="language"
            aria-label={t.languageName}
            onClick={() => updateParams({ lang: locale === 'en' ? undefined : 'en' })}
          >
            {t.language}
          </button>
        </nav>
        <main class="content">
          <FilterBar />
          {!entry ? (
            <NotFound locale={locale} />
          ) : error ? (
            <ErrorMessage error={error} onRetry={() => window.location.reload()} />
          ) : Page ? (
            <Page />
          ) : (
            <Loading />
          )}
        </main>
      </div>
    </AppContext.Provider>
  );
}
