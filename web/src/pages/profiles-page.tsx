/**
 * /profiles (用户画像): headline numbers of the profiled users in view, then one of five tabs —
 * distributions, lifecycle flow, personas, the segment builder, single-user lookup — chosen in the
 * URL (`ptab`), like every other choice on the page. The users' home province/city and the segment
 * filter apply; the period only moves the lifecycle flow.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { useApi } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ErrorMessage, Loading, ResourceView } from '../components/state-view.tsx';
import { fill } from '../i18n/locale.ts';
import { DistributionsSection } from '../profiles/distributions-section.tsx';
import { LifecycleSection } from '../profiles/lifecycle-section.tsx';
import { PersonasSection } from '../profiles/personas-section.tsx';
import { hasProfileFilters, profileFilterParams } from '../profiles/profile-filters.ts';
import { ProfileKpis } from '../profiles/profile-kpis.tsx';
import type { CatalogField, Personas, ProfileSummary, Segment } from '../profiles/profile-types.ts';
import { createVocabulary } from '../profiles/profile-vocabulary.ts';
import { profilesText, type ProfilesText } from '../profiles/profiles-text.ts';
import { SegmentsSection } from '../profiles/segments-section.tsx';
import { UserSection } from '../profiles/user-section.tsx';
import '../profiles/profiles.css';
import { updateParams, useLocation } from '../url-state.ts';

const TABS = [
  { id: 'dist', label: 'tabDistributions' },
  { id: 'flow', label: 'tabLifecycle' },
  { id: 'personas', label: 'tabPersonas' },
  { id: 'segments', label: 'tabSegments' },
  { id: 'user', label: 'tabUser' },
] as const satisfies readonly { id: string; label: keyof ProfilesText }[];

type TabId = (typeof TABS)[number]['id'];

const readTab = (value: string | null): TabId => TABS.find((tab) => tab.id === value)?.id ?? 'dist';

export default function ProfilesPage() {
  const { locale, format, filters, timeZone } = useAppContext();
  const t = profilesText(locale);
  const tab = readTab(useLocation().params.get('ptab'));
  const summary = useApi<ProfileSummary>('/profile-insights/summary', profileFilterParams(filters));
  const catalog = useApi<{ fields: CatalogField[] }>('/profile-insights/fields');
  const personas = useApi<{ personas: Personas | null }>('/personas');
  const segments = useApi<{ segments: Segment[] }>('/segments');
  const personaList = personas.data?.personas?.personas;
  const vocabulary = useMemo(
    () => createVocabulary(catalog.data?.fields ?? [], personaList ?? [], locale),
    [catalog.data, personaList, locale],
  );
  const ready = catalog.data !== undefined && personas.data !== undefined;
  // Until the server has computed profiles (it does so in the background after starting), look again
  // every few seconds so the page fills in by itself.
  const waiting = summary.data?.computed === false;
  const { reload: reloadSummary } = summary;
  const { reload: reloadPersonas } = personas;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      reloadSummary();
      reloadPersonas();
    }, 10_000);
    return () => clearInterval(timer);
  }, [waiting, reloadSummary, reloadPersonas]);

  return (
    <div class="page profiles-page">
      <header class="profiles-header">
        <h1 class="page-title">{t.title}</h1>
        {summary.data?.asOf && (
          <p class="page-note">
            {fill(t.asOf, { day: format.date(summary.data.asOf) })}
            {summary.data.lastRun &&
              ` · ${fill(t.lastRun, {
                time: format.dateTime(summary.data.lastRun.finishedAt, timeZone),
                kind: summary.data.lastRun.kind === 'full' ? t.full : t.incremental,
              })}`}
          </p>
        )}
        <p class="page-note">{hasProfileFilters(filters) ? t.filtersApplied : t.filtersAppliedNone}</p>
      </header>
      <ResourceView resource={summary}>
        {(s) =>
          s.computed ? (
            <ProfileKpis summary={s} />
          ) : (
            <div class="state state-empty profiles-not-computed" role="status">
              {t.notComputed}
            </div>
          )
        }
      </ResourceView>
      {summary.data?.computed && (
        <>
          <nav class="profile-tabs" role="tablist" aria-label={t.title}>
            {TABS.map((entry) => (
              <button
                type="button"
                role="tab"
                key={entry.id}
                data-tab={entry.id}
                aria-selected={tab === entry.id}
                onClick={() => updateParams({ ptab: entry.id === 'dist' ? undefined : entry.id })}
              >
                {t[entry.label]}
              </button>
            ))}
          </nav>
          {catalog.status === 'error' ? (
            <ErrorMessage error={catalog.error} onRetry={catalog.reload} />
          ) : personas.status === 'error' ? (
            <ErrorMessage error={personas.error} onRetry={personas.reload} />
          ) : !ready ? (
            <Loading />
          ) : tab === 'dist' ? (
            <DistributionsSection vocabulary={vocabulary} segments={segments.data?.segments ?? []} personas={personaList ?? []} />
          ) : tab === 'flow' ? (
            <LifecycleSection vocabulary={vocabulary} />
          ) : tab === 'personas' ? (
            <PersonasSection personas={personas.data?.personas ?? null} />
          ) : tab === 'segments' ? (
            <SegmentsSection vocabulary={vocabulary} personas={personaList ?? []} segments={segments} />
          ) : (
            <UserSection vocabulary={vocabulary} />
          )}
        </>
      )}
    </div>
  );
}
