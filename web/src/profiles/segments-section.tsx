/**
 * The segment builder: rows of field / operator / values (all must hold), a live count and preview of
 * the matching users as the rows change, save under a name; and the saved segments, each with its
 * size, to copy into the editor, use as the page filter, export as user ids (CSV) or delete.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiRequestError, apiUrl, postJson, useApi, type Resource } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { describeError } from '../components/error-text.ts';
import { ResourceView } from '../components/state-view.tsx';
import { fill } from '../i18n/locale.ts';
import { updateParams, useLocation } from '../url-state.ts';
import { homeDraftRules } from './profile-filters.ts';
import { COMMON_FIELDS } from './distributions-section.tsx';
import { listOf, toneOf } from './profile-card.ts';
import type { CatalogField, Distribution, Persona, RuleOp, Segment, SegmentPreview } from './profile-types.ts';
import { formatFieldNumber, type Vocabulary } from './profile-vocabulary.ts';
import { profilesText, type ProfilesText } from './profiles-text.ts';
import { announceSegmentsChanged } from '../segments-changed.ts';
import {
  decodeDraft,
  describeRules,
  draftOf,
  encodeDraft,
  isComplete,
  isSetOp,
  newDraftRule,
  parseValueText,
  toApiRules,
  withField,
  withOp,
  type DraftRule,
  type OperatorWords,
} from './segment-draft.ts';

const PREVIEW_SIZE = 20;
/** Vocabularies up to this size are picked with chips; longer ones are typed with suggestions. */
const MAX_CHIPS = 12;

export function operatorWords(t: ProfilesText): OperatorWords {
  return {
    eq: t.opEq,
    in: t.opIn,
    not_in: t.opNotIn,
    gte: t.opGte,
    lte: t.opLte,
    gt: t.opGt,
    lt: t.opLt,
    between: t.opBetween,
    and: t.and,
    listSeparator: t.listSeparator,
    rangeSeparator: t.rangeSeparator,
  };
}

/** DELETE /segments/:id (api.ts has no DELETE helper); failures as sentences, like the other calls. */
async function deleteSegment(id: string): Promise<void> {
  const response = await fetch(apiUrl(`/segments/${encodeURIComponent(id)}`), { method: 'DELETE' });
  if (response.ok) return;
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  throw new ApiRequestError(
    body?.error?.message ?? `The server answered ${response.status}`,
    response.status,
    body?.error?.code ?? 'http_error',
  );
}

type PreviewState = { status: 'idle' | 'loading' } | { status: 'ok'; preview: SegmentPreview } | { status: 'error'; message: string };

/** The count and first users of the rules, asked again (debounced) whenever they change. */
function useLivePreview(rules: ReturnType<typeof toApiRules>['rules']): PreviewState {
  const key = JSON.stringify(rules);
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => (previous.status === 'ok' ? previous : { status: 'loading' }));
    const timer = setTimeout(() => {
      setState((previous) => (previous.status === 'ok' ? previous : { status: 'loading' }));
      postJson<SegmentPreview>(`/segments/preview?limit=${PREVIEW_SIZE}`, { rules: JSON.parse(key) as unknown }, controller.signal).then(
        (preview) => setState({ status: 'ok', preview }),
        (error: Error) => {
          if (error.name !== 'AbortError') setState({ status: 'error', message: error.message });
        },
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);
  return state;
}

interface Props {
  readonly vocabulary: Vocabulary;
  readonly personas: readonly Persona[];
  readonly segments: Resource<{ segments: Segment[] }> & { reload: () => void };
}

export function SegmentsSection({ vocabulary, personas, segments }: Props) {
  const { locale, format, filters } = useAppContext();
  const t = profilesText(locale);
  const encoded = useLocation().params.get('prules') ?? '';
  const draft = useMemo(() => decodeDraft(encoded).filter((rule) => vocabulary.field(rule.field)), [encoded, vocabulary]);
  const setDraft = (rules: readonly DraftRule[]) => updateParams({ prules: encodeDraft(rules) || undefined }, { replace: true });
  const { rules, incomplete } = toApiRules(draft);
  const preview = useLivePreview(rules);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok?: string; error?: string } | null>(null);
  const ops = operatorWords(t);
  const firstField = vocabulary.field(COMMON_FIELDS[0]!) ?? vocabulary.fields[0];

  const save = async () => {
    if (name.trim() === '') return setMessage({ error: t.saveNeedsName });
    setSaving(true);
    setMessage(null);
    try {
      const segment = await postJson<Segment>('/segments', { name: name.trim(), description: description.trim() || null, rules });
      setMessage({ ok: fill(t.saved, { name: segment.name }) });
      setName('');
      setDescription('');
      segments.reload();
      announceSegmentsChanged();
    } catch (error) {
      setMessage({ error: describeError(error as Error, locale) });
    } finally {
      setSaving(false);
    }
  };

  const startFromFilters = () => {
    const segment = segments.data?.segments.find((s) => s.id === filters.segment);
    setDraft([...homeDraftRules(filters), ...(segment?.rules.map(draftOf) ?? [])]);
  };

  return (
    <section class="profile-section segments-section" aria-label={t.tabSegments}>
      <div class="grid segment-builder-grid">
        <div class="card segment-builder">
          <header class="card-header">
            <div>
              <h2>{t.builderTitle}</h2>
              <p class="card-subtitle">{t.builderNote}</p>
            </div>
            <div class="card-actions">
              <button type="button" onClick={startFromFilters}>
                {t.fromFilters}
              </button>
              {draft.length > 0 && (
                <button type="button" onClick={() => setDraft([])}>
                  {t.clearRules}
                </button>
              )}
            </div>
          </header>
          {draft.length === 0 && <p class="page-note">{t.noRules}</p>}
          <ol class="rule-rows">
            {draft.map((rule, index) => (
              <RuleRow
                key={index}
                index={index}
                rule={rule}
                vocabulary={vocabulary}
                personas={personas}
                ops={ops}
                onChange={(next) => setDraft(draft.map((r, i) => (i === index ? next : r)))}
                onRemove={() => setDraft(draft.filter((_, i) => i !== index))}
              />
            ))}
          </ol>
          {firstField && (
            <button type="button" class="add-rule" onClick={() => setDraft([...draft, newDraftRule(firstField)])}>
              {t.addRule}
            </button>
          )}
          <div class="segment-count" aria-live="polite" data-segment-count={preview.status === 'ok' ? preview.preview.users : undefined}>
            <span class="kpi-label">{t.matching}</span>{' '}
            {preview.status === 'ok' ? (
              <strong class="segment-count-value">{format.number(preview.preview.users)}</strong>
            ) : (
              <span>{t.counting}</span>
            )}
          </div>
          {incomplete.length > 0 && (
            <p class="rule-hint">{fill(t.incomplete, { rows: incomplete.map((i) => i + 1).join(t.listSeparator) })}</p>
          )}
          {preview.status === 'error' && (
            <p class="state-error rule-error" role="alert">
              {t.ruleError}
              {preview.message}
            </p>
          )}
          <form
            class="segment-save"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <label class="filter">
              <span>{t.name}</span>
              <input
                name="segment-name"
                value={name}
                placeholder={t.namePlaceholder}
                onInput={(e) => setName((e.target as HTMLInputElement).value)}
              />
            </label>
            <label class="filter">
              <span>{t.description}</span>
              <input name="segment-description" value={description} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="primary" disabled={saving || preview.status === 'error'}>
              {saving ? t.saving : t.save}
            </button>
          </form>
          {message?.ok && (
            <p class="save-ok" role="status">
              {message.ok}
            </p>
          )}
          {message?.error && (
            <p class="state-error" role="alert">
              {message.error}
            </p>
          )}
        </div>
        <PreviewTable preview={preview} vocabulary={vocabulary} />
      </div>
      <SavedSegments segments={segments} vocabulary={vocabulary} ops={ops} onEdit={(segment) => setDraft(segment.rules.map(draftOf))} />
    </section>
  );
}

function RuleRow(props: {
  index: number;
  rule: DraftRule;
  vocabulary: Vocabulary;
  personas: readonly Persona[];
  ops: OperatorWords;
  onChange: (rule: DraftRule) => void;
  onRemove: () => void;
}) {
  const { locale } = useAppContext();
  const t = profilesText(locale);
  const { rule, vocabulary } = props;
  const field = vocabulary.field(rule.field)!;
  const listed = new Set(COMMON_FIELDS);
  const fields = [
    ...COMMON_FIELDS.map((name) => vocabulary.field(name)).filter((f): f is CatalogField => f !== undefined),
    ...vocabulary.fields.filter((f) => !listed.has(f.name)),
  ];
  return (
    <li class={`rule-row ${isComplete(rule) ? '' : 'incomplete'}`} data-rule={props.index}>
      <select
        name={`rule-field-${props.index}`}
        aria-label={t.field}
        value={rule.field}
        onChange={(e) => props.onChange(withField(rule, vocabulary.field((e.target as HTMLSelectElement).value)!))}
      >
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {vocabulary.fieldLabel(f.name)}
          </option>
        ))}
      </select>
      <select
        name={`rule-op-${props.index}`}
        aria-label={t.rules}
        value={rule.op === 'eq' ? 'in' : rule.op}
        onChange={(e) => props.onChange(withOp(rule, (e.target as HTMLSelectElement).value as RuleOp))}
      >
        {field.operators.map((op) => (
          <option key={op} value={op}>
            {props.ops[op]}
          </option>
        ))}
      </select>
      <ValueEditor
        index={props.index}
        rule={rule}
        field={field}
        vocabulary={vocabulary}
        personas={props.personas}
        onChange={props.onChange}
      />
      <button type="button" class="link-button remove-rule" aria-label={t.removeRule} title={t.removeRule} onClick={props.onRemove}>
        ×
      </button>
    </li>
  );
}

function ValueEditor(props: {
  index: number;
  rule: DraftRule;
  field: CatalogField;
  vocabulary: Vocabulary;
  personas: readonly Persona[];
  onChange: (rule: DraftRule) => void;
}) {
  const { locale } = useAppContext();
  const t = profilesText(locale);
  const { rule, field } = props;
  const choices = field.values?.map((v) => v.value) ?? (field.name === 'persona' ? props.personas.map((p) => String(p.id)) : undefined);
  const inputType = field.kind === 'date' ? 'date' : field.kind === 'number' || field.numericElements ? 'number' : 'text';

  if (isSetOp(rule.op) && choices && choices.length <= MAX_CHIPS) {
    return (
      <span class="value-chips" role="group">
        {choices.map((value) => {
          const on = rule.values.includes(value);
          return (
            <button
              type="button"
              key={value}
              class="chip"
              aria-pressed={on}
              data-value={value}
              onClick={() => props.onChange({ ...rule, values: on ? rule.values.filter((v) => v !== value) : [...rule.values, value] })}
            >
              {props.vocabulary.valueLabel(field.name, value)}
            </button>
          );
        })}
      </span>
    );
  }
  if (rule.op === 'between') {
    const set = (position: 0 | 1, value: string) => {
      const values = [rule.values[0] ?? '', rule.values[1] ?? ''];
      values[position] = value;
      props.onChange({ ...rule, values });
    };
    return (
      <span class="value-range">
        <input
          type={inputType}
          step="any"
          name={`rule-low-${props.index}`}
          placeholder={t.valueLow}
          value={rule.values[0] ?? ''}
          onInput={(e) => set(0, (e.target as HTMLInputElement).value)}
        />
        <span>–</span>
        <input
          type={inputType}
          step="any"
          name={`rule-high-${props.index}`}
          placeholder={t.valueHigh}
          value={rule.values[1] ?? ''}
          onInput={(e) => set(1, (e.target as HTMLInputElement).value)}
        />
      </span>
    );
  }
  if (!isSetOp(rule.op))
    return (
      <input
        type={inputType}
        step="any"
        name={`rule-value-${props.index}`}
        value={rule.values[0] ?? ''}
        onInput={(e) => props.onChange({ ...rule, values: [(e.target as HTMLInputElement).value] })}
      />
    );
  return <TextValues {...props} />;
}

/** Comma-separated values typed freely, with the field's most common values suggested. */
function TextValues(props: {
  index: number;
  rule: DraftRule;
  field: CatalogField;
  vocabulary: Vocabulary;
  onChange: (rule: DraftRule) => void;
}) {
  const { locale } = useAppContext();
  const t = profilesText(locale);
  const { rule, field } = props;
  const [text, setText] = useState(rule.values.join(', '));
  // Values set from outside (a saved segment copied in) replace what was typed.
  useEffect(() => {
    if (parseValueText(text, rule.op).join('\u0000') !== rule.values.join('\u0000')) setText(rule.values.join(', '));
  }, [rule.values.join('\u0000')]);
  const suggestible = field.kind === 'category' || field.kind === 'list';
  const suggestions = useApi<Distribution>(suggestible ? '/profile-insights/distribution' : null, { field: field.name });
  const listId = `rule-suggestions-${props.index}`;
  return (
    <span class="value-text">
      <input
        type="text"
        name={`rule-value-${props.index}`}
        list={suggestible ? listId : undefined}
        placeholder={t.valuePlaceholder}
        value={text}
        onInput={(e) => {
          const value = (e.target as HTMLInputElement).value;
          setText(value);
          props.onChange({ ...rule, values: parseValueText(value, rule.op) });
        }}
      />
      {suggestible && (
        <datalist id={listId}>
          {suggestions.data?.buckets.map((b) => (
            <option key={b.value} value={b.value}>
              {props.vocabulary.valueLabel(field.name, b.value)}
            </option>
          ))}
        </datalist>
      )}
    </span>
  );
}

const PREVIEW_COLUMNS = [
  'user_id',
  'lifecycle',
  'rfm_segment',
  'spending_tier',
  'monetary',
  'recency_days',
  'p_alive',
  'churn_risk',
  'province',
  'city',
];

function PreviewTable({ preview, vocabulary }: { preview: PreviewState; vocabulary: Vocabulary }) {
  const { locale, format } = useAppContext();
  const t = profilesText(locale);
  const sample = preview.status === 'ok' ? preview.preview.sample : [];
  const cell = (column: string, value: unknown) => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'number') return formatFieldNumber(column, value, format);
    const list = listOf(value as string);
    return list ? list.join(t.listSeparator) : vocabulary.valueLabel(column, String(value));
  };
  return (
    <div class="card segment-preview">
      <header class="card-header">
        <div>
          <h2>{t.previewTitle}</h2>
          <p class="card-subtitle">{fill(t.previewSubtitle, { n: PREVIEW_SIZE })}</p>
        </div>
      </header>
      <div class="table-wrap">
        <table class="data-table" aria-label={t.previewTitle}>
          <thead>
            <tr>
              {PREVIEW_COLUMNS.map((column) => (
                <th key={column}>{column === 'user_id' ? t.userId : vocabulary.fieldLabel(column)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sample.map((row) => (
              <tr key={String(row.user_id)}>
                {PREVIEW_COLUMNS.map((column) => (
                  <td key={column} class={typeof row[column] === 'number' ? 'numeric' : undefined}>
                    {column === 'user_id' ? (
                      <a
                        href={`/profiles?ptab=user&uid=${encodeURIComponent(String(row.user_id))}`}
                        data-user-id={String(row.user_id)}
                        onClick={(event) => {
                          event.preventDefault();
                          updateParams({ ptab: 'user', uid: String(row.user_id) });
                        }}
                      >
                        {String(row.user_id)}
                      </a>
                    ) : (
                      <span class={toneOf(column, row[column] as string) ? `badge ${toneOf(column, row[column] as string)}` : undefined}>
                        {cell(column, row[column])}
                      </span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SegmentSize({ id }: { id: string }) {
  const { format } = useAppContext();
  const size = useApi<{ users: number }>(`/segments/${encodeURIComponent(id)}/preview`, { limit: 0 });
  return <span data-segment-size={size.data?.users}>{size.data ? format.number(size.data.users) : '…'}</span>;
}

function SavedSegments(props: {
  segments: Resource<{ segments: Segment[] }> & { reload: () => void };
  vocabulary: Vocabulary;
  ops: OperatorWords;
  onEdit: (segment: Segment) => void;
}) {
  const { locale, format, timeZone, filters } = useAppContext();
  const t = profilesText(locale);
  const [message, setMessage] = useState<{ ok?: string; error?: string } | null>(null);
  const remove = async (segment: Segment) => {
    if (!window.confirm(fill(t.confirmDelete, { name: segment.name }))) return;
    try {
      await deleteSegment(segment.id);
      // The deleted segment cannot stay the page filter: every panel would fail on it.
      if (filters.segment === String(segment.id)) updateParams({ segment: undefined });
      setMessage({ ok: fill(t.deleted, { name: segment.name }) });
      props.segments.reload();
      announceSegmentsChanged();
    } catch (error) {
      setMessage({ error: describeError(error as Error, locale) });
    }
  };
  return (
    <div class="card saved-segments">
      <header class="card-header">
        <h2>{t.savedTitle}</h2>
      </header>
      {message?.ok && <p class="save-ok">{message.ok}</p>}
      {message?.error && (
        <p class="state-error" role="alert">
          {message.error}
        </p>
      )}
      <ResourceView resource={props.segments} isEmpty={(d) => d.segments.length === 0} emptyMessage={t.savedNone}>
        {(data) => (
          <div class="table-wrap">
            <table class="data-table" aria-label={t.savedTitle}>
              <thead>
                <tr>
                  <th>{t.name}</th>
                  <th>{t.rules}</th>
                  <th class="numeric">{t.users}</th>
                  <th>{t.updated}</th>
                  <th>{t.actions}</th>
                </tr>
              </thead>
              <tbody>
                {data.segments.map((segment) => (
                  <tr key={segment.id} data-segment={segment.name}>
                    <td class="text" title={segment.name}>
                      <strong>{segment.name}</strong>
                      {segment.description && <div class="muted">{segment.description}</div>}
                    </td>
                    <td class="wrap">{segment.rules.length > 0 ? describeRules(segment.rules, props.vocabulary, props.ops) : t.noRules}</td>
                    <td class="numeric">
                      <SegmentSize id={segment.id} />
                    </td>
                    <td>{format.dateTime(segment.updatedAt, timeZone)}</td>
                    <td class="segment-actions">
                      <button type="button" onClick={() => props.onEdit(segment)}>
                        {t.edit}
                      </button>
                      <button type="button" onClick={() => updateParams({ segment: segment.id })}>
                        {t.useAsFilter}
                      </button>
                      <a
                        class="button-link"
                        href={apiUrl(`/segments/${encodeURIComponent(segment.id)}/export`)}
                        download={`segment-${segment.id}.csv`}
                      >
                        {t.exportIds}
                      </a>
                      <button type="button" class="danger" onClick={() => void remove(segment)}>
                        {t.delete}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
    </div>
  );
}
