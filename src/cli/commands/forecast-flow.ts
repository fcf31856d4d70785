/**
 * `flowsight forecast flow` — the daily forecast of visitors, orders or revenue for the business, a
 * province, a city or a venue, with its bands, back-tested accuracy and what drives it. Works through
 * a running server when it holds the database, with the same output.
 */
import { Command, Option } from 'commander';
import { forecastFlow, FLOW_METRICS, parseFlowRequest, type FlowForecast } from '../../query/flow-forecast.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { CliError } from '../cli-error.ts';
import { withQueryErrors } from '../query-errors.ts';
import { accessStore, callServer } from '../store-access.ts';

interface FlowFlags extends StoreFlags {
  venue?: string;
  province?: string;
  city?: string;
  metric?: string;
  horizon?: string;
}

/** `a`, `a or b`, `a, b or c`. */
const either = (values: readonly string[]): string =>
  values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)!}` : (values[0] ?? '');

/**
 * An option whose value must be one of `values`. Any other value is a usage error, one line naming
 * the flag and the values allowed, exit status 2 (commander's own choices() error exits 1 with the
 * whole help).
 */
export function choiceOption(flags: string, description: string, values: readonly string[]): Option {
  const option = new Option(flags, description).choices(values);
  const flag = option.long ?? flags;
  return option.argParser((value: string) => {
    if (!values.includes(value)) throw new CliError(`${flag} must be ${either(values)}, got "${value}"`, 2);
    return value;
  });
}

/** A MASE for people: three decimals, or n/a where it is undefined (the forecast's notes say why; JSON has null). */
export function formatMase(mase: number | null): string {
  return mase !== null && Number.isFinite(mase) ? mase.toFixed(3) : 'n/a';
}

const round = (v: number): string => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));

/** The forecast as text: the days, then the evidence. */
export function flowForecastText(result: FlowForecast): string {
  const f = result.forecast;
  const what = result.target.level === 'all' ? 'the whole business' : `${result.target.level} ${result.target.value}`;
  const lines = [
    `${result.metric} for ${what}, ${result.horizon} days after ${result.historyEnd} (${f.method === 'combined' ? `combined ${f.combines.join(' + ')}` : f.method})`,
    '',
  ];
  lines.push(`${'date'.padEnd(10)}  ${'forecast'.padStart(10)}  ${'80% band'.padStart(21)}  ${'95% band'.padStart(21)}  drivers`);
  for (const p of f.points) {
    const drivers = Object.entries(p.components)
      .filter(([c, v]) => c !== 'trend' && Math.abs(v) >= Math.max(1, Math.abs(p.yhat) * 0.05))
      .map(([c, v]) => `${c} ${v >= 0 ? '+' : ''}${round(v)}`)
      .join(', ');
    lines.push(
      `${p.ds}  ${round(p.yhat).padStart(10)}  ${`${round(p.lower80)} – ${round(p.upper80)}`.padStart(21)}  ${`${round(p.lower95)} – ${round(p.upper95)}`.padStart(21)}  ${drivers}`,
    );
  }
  lines.push('');
  if (f.backtest) {
    const naive = f.backtest.seasonalNaive;
    lines.push(
      `back-test (${f.backtest.windows} × ${f.backtest.horizon} days): MASE ${formatMase(f.backtest.selected.mase)}, sMAPE ${f.backtest.selected.smape.toFixed(1)}%${
        naive ? ` · seasonal naive MASE ${formatMase(naive.mase)}` : ''
      }`,
    );
  }
  if (f.fallback) lines.push(`fallback: ${f.fallback}`);
  for (const note of f.notes) lines.push(`note: ${note}`);
  lines.push(`${result.stored ? 'stored forecast' : 'computed now'}, ${result.computedAt}`);
  return `${lines.join('\n')}\n`;
}

export function flowForecastCommand(): Command {
  return withClientOptions(
    new Command('flow').description('Forecast daily customer flow, orders or revenue from the store, with bands and back-tested accuracy.'),
  )
    .option('--venue <id>', 'one venue')
    .option('--province <name>', 'one province')
    .option('--city <name>', 'one city')
    .addOption(choiceOption('--metric <metric>', 'what to forecast', FLOW_METRICS).default('visitors'))
    .option('--horizon <days>', 'days ahead, 1-90', '28')
    .action(async (flags: FlowFlags) => {
      const request = await withQueryErrors(() => parseFlowRequest(flags));
      const config = configFrom(flags);
      const access = await accessStore(config, { waitMs: lockWaitMs(flags), onWait: (message) => process.stderr.write(`${message}\n`) });
      let result: FlowForecast;
      if (access.mode === 'local') {
        try {
          result = await withQueryErrors(() => forecastFlow(access.store, request, {}, { timeZone: config.timeZone }));
        } finally {
          await access.store.close();
        }
      } else {
        const query = new URLSearchParams({ metric: request.metric, horizon: String(request.horizon) });
        if (request.target.level !== 'all') query.set(request.target.level, request.target.value!);
        result = (await (await callServer(access.server, `/api/v1/flow/forecast?${query}`)).json()) as FlowForecast;
      }
      if (flags.json) printJson(result);
      else process.stdout.write(flowForecastText(result));
    });
}
