/**
 * Forecasts on worker threads, so a refresh of a thousand series uses every core and never holds up
 * the server's event loop. Jobs go to the least busy worker; a worker that dies fails its jobs and
 * the pool with a clear error.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ForecastOptions, SeriesForecast, SeriesInput } from '../../analysis/forecast/forecast-series.ts';

export interface ForecastPool {
  forecast(series: SeriesInput, options: ForecastOptions): Promise<SeriesForecast>;
  close(): Promise<void>;
}

interface Pending {
  resolve(result: SeriesForecast): void;
  reject(error: Error): void;
}

/** Starts `size` workers (default: one per core). */
export function createForecastPool(size = availableParallelism()): ForecastPool {
  const url = new URL('./forecast-worker-bootstrap.mjs', import.meta.url);
  const pending = new Map<number, Pending>();
  const load: number[] = [];
  let nextId = 1;
  let failure: Error | undefined;
  let closing = false;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(error);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.floor(size)) }, (_, w) => {
    load.push(0);
    const worker = new Worker(url);
    worker.unref();
    worker.on('message', (reply: { id?: number; result?: SeriesForecast; error?: string }) => {
      if (reply.id === undefined) return;
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      load[w] = (load[w] ?? 1) - 1;
      if (!p) return;
      if (reply.error !== undefined) p.reject(new Error(`forecast worker: ${reply.error}`));
      else p.resolve(reply.result!);
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => {
      if (!closing) failAll(new Error(`forecast worker ${w} exited with code ${code}`));
    });
    return worker;
  });

  return {
    forecast(series, options) {
      if (failure) return Promise.reject(failure);
      let w = 0;
      for (let i = 1; i < workers.length; i++) if ((load[i] ?? 0) < (load[w] ?? 0)) w = i;
      const id = nextId++;
      load[w] = (load[w] ?? 0) + 1;
      return new Promise<SeriesForecast>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[w]!.postMessage({ id, series, options });
      });
    },
    async close() {
      closing = true;
      failAll(new Error('forecast pool closed'));
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
