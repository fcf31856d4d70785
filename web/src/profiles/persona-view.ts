/**
 * Personas (GET /personas) for the dashboard: their sizes as bars with a table, and each trait that
 * sets a persona apart written as its value against the whole population. Pure.
 */
import type { ChartOption } from '../charts/echarts-core.ts';
import { PALETTE } from '../charts/palette.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { Format } from '../i18n/format.ts';
import { fill, type Locale } from '../i18n/locale.ts';
import type { Persona, PersonaTrait } from './profile-types.ts';

export interface PersonaWords {
  readonly persona: string;
  readonly personaSize: string;
  readonly personaShare: string;
  readonly traitDays: string;
  readonly traitPerMonth: string;
  readonly traitShareOfUsers: string;
}

/** The colour of a persona, the same on its card and its bar. */
export const personaColor = (id: number): string => PALETTE[id % PALETTE.length] ?? '#64748b';

export const personaName = (persona: Persona, locale: Locale) => (locale === 'en' ? persona.en : persona.zh);

/** A trait's value (and the population's) in the unit of its field. */
export function traitValue(trait: PersonaTrait, value: number, format: Format, words: PersonaWords): string {
  if (trait.kind === 'category') return fill(words.traitShareOfUsers, { share: format.percent(value, 0) });
  switch (trait.field) {
    case 'recencyDays':
      return fill(words.traitDays, { n: format.number(value) });
    case 'frequency':
      return fill(words.traitPerMonth, { n: format.number(value, 1) });
    case 'monetary':
    case 'avgBasket':
      return `¥${format.number(value, value >= 100 ? 0 : 1)}`;
    case 'weekendShare':
    case 'eveningShare':
      return format.percent(value, 0);
    default:
      return format.number(value, 1);
  }
}

export interface PersonaRow {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly share: number;
}

export function personaSizes(
  personas: readonly Persona[],
  format: Format,
  locale: Locale,
  words: PersonaWords,
): { option: ChartOption; table: TableData<PersonaRow> } {
  const rows = [...personas]
    .sort((a, b) => b.size - a.size)
    .map((p) => ({ id: p.id, name: personaName(p, locale), size: p.size, share: p.share }));
  const option: ChartOption = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const row = rows[params[0]?.dataIndex ?? 0];
        return row ? `${row.name}<br/>${format.number(row.size)} (${format.percent(row.share)})` : '';
      },
    },
    grid: { left: 16, right: 64, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => format.compact(v) } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 200, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: words.personaSize,
        data: rows.map((r) => ({ value: r.size, itemStyle: { color: personaColor(r.id) } })),
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => format.percent(rows[p.dataIndex]?.share ?? 0) },
      },
    ],
  };
  const table: TableData<PersonaRow> = {
    columns: [
      { key: 'id', label: '#', numeric: true },
      { key: 'name', label: words.persona },
      { key: 'size', label: words.personaSize, numeric: true, format: (v) => format.number(v as number) },
      { key: 'share', label: words.personaShare, numeric: true, format: (v) => format.percent(v as number) },
    ],
    rows,
  };
  return { option, table };
}
