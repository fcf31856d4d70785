/** A forecast worker thread: forecasts each series it is sent and posts the result back. */
import { parentPort } from 'node:worker_threads';
import { forecastSeries, type ForecastOptions, type SeriesInput } from '../../analysis/forecast/forecast-series.ts';

/** A request to a forecast worker. */
export interface ForecastJob {
  readonly id: number;
  readonly series: SeriesInput;
  readonly options: ForecastOptions;
}

parentPort?.on('message', (job: ForecastJob) => {
  try {
    parentPort!.postMessage({ id: job.id, result: forecastSeries(job.series, job.options) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
parentPort?.postMessage({ ready: true });
