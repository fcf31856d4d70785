/**
 * Personas: one card per persona with its name, size, share and what sets it apart (each trait's
 * value against everyone's), a chart of their sizes, and links to its distribution or a segment of it.
 */
import { useMemo } from 'preact/hooks';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { Empty } from '../components/state-view.tsx';
import { fill } from '../i18n/locale.ts';
import { updateParams } from '../url-state.ts';
import { personaColor, personaName, personaSizes, traitValue } from './persona-view.ts';
import type { Personas } from './profile-types.ts';
import { profilesText } from './profiles-text.ts';
import { encodeDraft } from './segment-draft.ts';

export function PersonasSection({ personas }: { personas: Personas | null }) {
  const { locale, format } = useAppContext();
  const t = profilesText(locale);
  const sizes = useMemo(() => (personas ? personaSizes(personas.personas, format, locale, t) : null), [personas, locale]);
  if (!personas || !sizes) return <Empty message={t.personasNone} />;
  return (
    <section class="profile-section" aria-label={t.tabPersonas}>
      <p class="page-note">
        {fill(t.personasSubtitle, { k: personas.k, fitted: format.number(personas.fittedOn), day: format.date(personas.asOf) })}
      </p>
      <div class="persona-cards">
        {[...personas.personas]
          .sort((a, b) => b.size - a.size)
          .map((persona) => (
            <article
              key={persona.id}
              class="card persona-card"
              data-persona={persona.id}
              style={{ borderTopColor: personaColor(persona.id) }}
            >
              <h3>{personaName(persona, locale)}</h3>
              <div class="persona-size">
                <strong>{format.number(persona.size)}</strong> {t.personaSize} · {format.percent(persona.share)} {t.personaShare}
              </div>
              <p class="persona-description">{locale === 'en' ? persona.description.en : persona.description.zh}</p>
              <h4>{t.traits}</h4>
              <ul class="persona-traits">
                {persona.traits.map((trait) => (
                  <li key={`${trait.field}:${trait.level ?? ''}`}>
                    <span class={`badge ${trait.direction === 'high' ? 'good' : 'warn'}`}>
                      {locale === 'en' ? trait.word.en : trait.word.zh}
                    </span>{' '}
                    {traitValue(trait, trait.value, format, t)}{' '}
                    <span class="muted">({fill(t.overall, { value: traitValue(trait, trait.overall, format, t) })})</span>
                  </li>
                ))}
              </ul>
              <div class="persona-actions">
                <button type="button" onClick={() => updateParams({ ptab: undefined, pcmp: `persona:${persona.id}` })}>
                  {t.showDistribution}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    updateParams({ ptab: 'segments', prules: encodeDraft([{ field: 'persona', op: 'in', values: [String(persona.id)] }]) })
                  }
                >
                  {t.makeSegment}
                </button>
              </div>
            </article>
          ))}
      </div>
      <ChartCard
        title={t.personaSizes}
        option={sizes.option}
        table={sizes.table}
        exportName="profile-personas"
        height={Math.max(160, personas.personas.length * 48 + 40)}
      />
    </section>
  );
}
