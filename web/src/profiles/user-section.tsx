/**
 * Single-user lookup: a user id (in the URL as `uid`) → their profile card: lifecycle stage with its
 * history, RFM and spend, the purchase model's predictions, preferences, demographics and tags.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiRequestError, useApi } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ErrorMessage, Loading } from '../components/state-view.tsx';
import { fill } from '../i18n/locale.ts';
import { updateParams, useLocation } from '../url-state.ts';
import { profileSections, toneOf, type ProfileSection } from './profile-card.ts';
import { STAGE_COLORS, stageRuns } from './lifecycle-charts.ts';
import type { UserProfile, UserStageHistory } from './profile-types.ts';
import type { Vocabulary } from './profile-vocabulary.ts';
import { profilesText, type ProfilesText } from './profiles-text.ts';

const SECTION_TITLES: Readonly<Record<ProfileSection['id'], keyof ProfilesText>> = {
  rfm: 'sectionRfm',
  predictions: 'sectionPredictions',
  preferences: 'sectionPreferences',
  demographics: 'sectionDemographics',
};

export function UserSection({ vocabulary }: { vocabulary: Vocabulary }) {
  const { locale } = useAppContext();
  const t = profilesText(locale);
  const uid = useLocation().params.get('uid')?.trim() ?? '';
  const [typed, setTyped] = useState(uid);
  useEffect(() => setTyped(uid), [uid]);
  const profile = useApi<UserProfile>(uid ? `/profiles/${encodeURIComponent(uid)}` : null);
  const tags = useApi<{ tags: string[] }>(uid ? `/profile-insights/users/${encodeURIComponent(uid)}/tags` : null);
  const history = useApi<UserStageHistory>(uid ? `/profile-insights/users/${encodeURIComponent(uid)}/stages` : null);
  const missing = profile.status === 'error' && profile.error instanceof ApiRequestError && profile.error.status === 404;

  return (
    <section class="profile-section" aria-label={t.tabUser}>
      <form
        class="card user-lookup"
        onSubmit={(event) => {
          event.preventDefault();
          updateParams({ uid: typed.trim() || undefined });
        }}
      >
        <label class="filter">
          <span>{t.lookupLabel}</span>
          <input
            name="uid"
            value={typed}
            placeholder={t.lookupPlaceholder}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="primary">
          {t.lookup}
        </button>
        <span class="muted">{t.lookupHint}</span>
      </form>
      {!uid ? null : missing ? (
        <div class="state state-empty" role="alert" data-user-missing={uid}>
          {fill(t.userMissing, { id: uid })}
        </div>
      ) : profile.status === 'error' ? (
        <ErrorMessage error={profile.error} onRetry={profile.reload} />
      ) : !profile.data || profile.status === 'loading' ? (
        <Loading />
      ) : (
        <ProfileCard data={profile.data} tags={tags.data?.tags ?? null} history={history.data ?? null} vocabulary={vocabulary} />
      )}
    </section>
  );
}

function ProfileCard({
  data,
  tags,
  history,
  vocabulary,
}: {
  data: UserProfile;
  tags: readonly string[] | null;
  history: UserStageHistory | null;
  vocabulary: Vocabulary;
}) {
  const { locale, format, timeZone } = useAppContext();
  const t = profilesText(locale);
  const p = data.profile;
  const stage = String(p.lifecycle ?? '');
  const sections = profileSections(p, vocabulary, format, locale, timeZone, t);
  return (
    <article class="card profile-card" data-user={String(p.user_id)}>
      <header class="profile-card-header">
        <div>
          <h2>{String(p.user_id)}</h2>
          <p class="card-subtitle">{fill(t.asOf, { day: format.date(String(p.as_of ?? '')) })}</p>
        </div>
        <div class="profile-headline">
          <span class="kpi-label">{t.lifecycleStage}</span>{' '}
          <span class={`badge ${toneOf('lifecycle', stage) ?? ''}`} data-lifecycle={stage}>
            {vocabulary.valueLabel('lifecycle', stage)}
          </span>
          {p.rfm_segment != null && (
            <>
              {' '}
              <span class="kpi-label">{vocabulary.fieldLabel('rfm_segment')}</span>{' '}
              <span class="badge">{vocabulary.valueLabel('rfm_segment', String(p.rfm_segment))}</span>
            </>
          )}
          {p.persona != null && (
            <>
              {' '}
              <span class="kpi-label">{vocabulary.fieldLabel('persona')}</span>{' '}
              <span class="badge">{vocabulary.valueLabel('persona', String(p.persona))}</span>
            </>
          )}
        </div>
      </header>
      {history && <StageTimeline history={history} vocabulary={vocabulary} />}
      <div class="profile-history">
        <h3>{t.stageHistory}</h3>
        <ol class="stage-history">
          {data.stages.map((s) => (
            <li key={s.since}>
              <span class={`badge ${toneOf('lifecycle', s.stage) ?? ''}`}>{vocabulary.valueLabel('lifecycle', s.stage)}</span>{' '}
              <span class="muted">{fill(t.stageSince, { day: format.date(s.since) })}</span>
            </li>
          ))}
        </ol>
        <p class="card-subtitle">{t.stageHistoryNote}</p>
      </div>
      <div class="profile-sections">
        {sections.map((section) => (
          <section key={section.id} class="profile-facts" data-section={section.id}>
            <h3>{t[SECTION_TITLES[section.id]]}</h3>
            <dl>
              {section.facts.map((fact) => (
                <div key={fact.field} class="fact" data-field={fact.field}>
                  <dt>{fact.label}</dt>
                  <dd>{fact.tone ? <span class={`badge ${fact.tone}`}>{fact.value}</span> : fact.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      {tags && (
        <div class="profile-tags">
          <h3>{t.tags}</h3>
          <ul>
            {tags.map((tag) => (
              <li key={tag} class="badge" data-tag={tag}>
                {vocabulary.valueLabel('tag', tag)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

/** The stages of the last year as a strip of coloured runs, with the changes listed under it. */
function StageTimeline({ history, vocabulary }: { history: UserStageHistory; vocabulary: Vocabulary }) {
  const { locale, format } = useAppContext();
  const t = profilesText(locale);
  const runs = stageRuns(history.changes, history.to);
  const total = runs.reduce((sum, run) => sum + run.days, 0);
  const label = (stage: string | null) => (stage === null ? t.notYetUser : vocabulary.valueLabel('lifecycle', stage));
  return (
    <div class="profile-timeline">
      <h3>{fill(t.stageTimeline, { from: format.date(history.from), to: format.date(history.to) })}</h3>
      <div class="stage-strip" role="img" aria-label={t.stageTimelineLabel}>
        {runs.map((run) => (
          <span
            key={run.since}
            class="stage-run"
            title={`${label(run.stage)} · ${format.date(run.since)} – ${format.date(run.until)}`}
            style={{ flexGrow: run.days / total, background: run.stage === null ? '#e5e7eb' : (STAGE_COLORS[run.stage] ?? '#64748b') }}
          />
        ))}
      </div>
      <ol class="stage-history" data-stage-timeline>
        {runs.map((run) => (
          <li key={run.since} data-stage={run.stage ?? ''}>
            <span class={`badge ${toneOf('lifecycle', run.stage) ?? ''}`}>{label(run.stage)}</span>{' '}
            <span class="muted">{fill(t.stageSince, { day: format.date(run.since) })}</span>
          </li>
        ))}
      </ol>
      <p class="card-subtitle">{t.stageTimelineNote}</p>
    </div>
  );
}
