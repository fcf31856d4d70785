/** A headline number with how it compares (against forecast, yesterday, last week…). */

export interface KpiComparison {
  readonly label: string;
  /** Relative change, 0.12 = +12%; null when there is nothing to compare with. */
  readonly change: number | null;
  /** The value compared with, already formatted. */
  readonly reference?: string;
}

export interface KpiCardProps {
  readonly label: string;
  readonly value: string;
  readonly comparisons?: readonly KpiComparison[];
  readonly formatChange: (change: number | null) => string;
  /** Name for tests and screen readers. */
  readonly id?: string;
}

export function KpiCard({ label, value, comparisons = [], formatChange, id }: KpiCardProps) {
  return (
    <div class="card kpi" data-kpi={id}>
      <div class="kpi-label">{label}</div>
      <div class="kpi-value">{value}</div>
      <ul class="kpi-comparisons">
        {comparisons.map((comparison) => (
          <li key={comparison.label}>
            <span class="kpi-comparison-label">{comparison.label}</span>{' '}
            <span class={comparison.change === null ? 'flat' : comparison.change >= 0 ? 'up' : 'down'}>
              {formatChange(comparison.change)}
            </span>
            {comparison.reference && <span class="kpi-reference"> ({comparison.reference})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
