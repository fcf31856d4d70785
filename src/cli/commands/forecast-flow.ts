/**
 * `flowsight forecast flow` — the daily forecast of visitors, orders or revenue for the business, a
 * province, a city or a venue, with its bands, back-tested accuracy and what drives it. Works through
 * a running server when it holds the database, with the same output.
 */
import { Command, Option } from 'commander';
import { forecastFlow, FLOW_METRICS, parseFlowRequest, type FlowForecast } from '../../query/flow-forecast.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { withQueryErrors } from '../query-errors.ts';
import { accessStore, callServer } from '../store-access.ts';

interface FlowFlags extends StoreFlags {
  venue?: string;
  province?: string;
  city?: string;
  metric?: string;
  horizon?: string;
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
      `back-test (${f.backtest.windows} × ${f.backtest.horizon} days): MASE ${f.backtest.selected.mase.toFixed(3)}, sMAPE ${f.backtest.selected.smape.toFixed(1)}%${
        naive ? ` · seasonal naive MASE ${naive.mase.toFixed(3)}` : ''
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
    .addOption(new Option('--metric <metric>', 'what to forecast').choices([...FLOW_METRICS]).default('visitors'))
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
