/**
 * Runs the demo simulation on worker threads: day d goes to worker d mod n, a few days are kept in
 * flight ahead of the writer, and the per-worker leftovers (stats, last activity) are merged at the
 * end. Output is byte-identical to the in-process runner; it only arrives sooner on several cores.
 */
import { Worker } from 'node:worker_threads';
import { addDemoStats, emptyDemoStats, type DemoDayOutput, type DemoSimulationOptions, type DemoStats } from './create-demo-simulation.ts';
import type { DemoRunner, DemoRunSummary, DemoWorldInfo } from './demo-runner.ts';
import type { ToDemoWorker } from './demo-worker.ts';

interface Reply {
  readonly type: string;
  readonly message?: string;
  readonly info?: DemoWorldInfo;
  readonly output?: DemoDayOutput;
  readonly stats?: DemoStats;
  readonly lastActiveDay?: Int32Array;
  readonly bytes?: Uint8Array;
  readonly lifecycleAtEnd?: DemoRunSummary['lifecycleAtEnd'];
  readonly errorBursts?: DemoRunSummary['errorBursts'];
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/** Starts `workerCount` workers (at least 1) and resolves once every one has built the world. */
export async function createWorkerRunner(options: DemoSimulationOptions, workerCount: number): Promise<DemoRunner> {
  const count = Math.max(1, Math.floor(workerCount));
  const url = new URL('./demo-worker-bootstrap.mjs', import.meta.url);
  const queues: Waiter[][] = [];
  let failure: Error | undefined;

  const fail = (w: number, error: Error) => {
    failure ??= error;
    for (const waiter of (queues[w] ?? []).splice(0)) waiter.reject(error);
  };
  const workers = Array.from({ length: count }, (_, w) => {
    queues.push([]);
    const worker = new Worker(url, { workerData: { options, describe: w === 0 } });
    worker.on('message', (reply: Reply) => {
      const waiter = queues[w]?.shift();
      if (!waiter) return;
      if (reply.type === 'error') waiter.reject(new Error(`demo worker ${w}: ${reply.message ?? 'failed'}`));
      else waiter.resolve(reply);
    });
    worker.on('error', (error) => fail(w, error));
    worker.on('exit', (code) => {
      if (code !== 0) fail(w, new Error(`demo worker ${w} exited with code ${code}`));
    });
    return worker;
  });

  const expect = (w: number): Promise<Reply> =>
    failure ? Promise.reject(failure) : new Promise((resolve, reject) => queues[w]?.push({ resolve, reject }));
  const request = (w: number, message: ToDemoWorker, transfer: ArrayBuffer[] = []): Promise<Reply> => {
    const reply = expect(w);
    workers[w]?.postMessage(message, transfer);
    return reply;
  };

  const close = async () => {
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  let ready: Reply[];
  try {
    ready = await Promise.all(workers.map((_, w) => expect(w)));
  } catch (error) {
    await close();
    throw error;
  }
  const info = ready[0]?.info;
  if (!info) {
    await close();
    throw new Error('demo worker 0 did not describe the world');
  }

  const lookahead = 2 * count;
  const inFlight = new Map<number, Promise<Reply>>();
  let requested = 0;
  let finished: Promise<{ stats: DemoStats; lastActiveDay: Int32Array }> | undefined;
  const sentLastActive = new Set<number>();
  let usersRequests = 0;

  const finish = () =>
    (finished ??= Promise.all(workers.map((_, w) => request(w, { type: 'finish' }))).then((replies) => {
      const stats = emptyDemoStats();
      const lastActiveDay = new Int32Array(options.users).fill(-1);
      for (const reply of replies) {
        if (reply.stats) addDemoStats(stats, reply.stats);
        const theirs = reply.lastActiveDay;
        if (theirs)
          for (let u = 0; u < lastActiveDay.length; u++)
            if ((theirs[u] as number) > (lastActiveDay[u] as number)) lastActiveDay[u] = theirs[u] as number;
      }
      return { stats, lastActiveDay };
    }));

  return {
    info,
    async day(index) {
      while (requested < options.days && requested <= index + lookahead) {
        const d = requested++;
        inFlight.set(d, request(d % count, { type: 'day', index: d }));
      }
      const reply = inFlight.get(index);
      inFlight.delete(index);
      const output = (await reply)?.output;
      if (!output) throw new Error(`day ${index} was not simulated`);
      return output;
    },
    async users(from, to) {
      const { lastActiveDay } = await finish();
      const w = usersRequests++ % count;
      const first = !sentLastActive.has(w);
      sentLastActive.add(w);
      const reply = await request(w, { type: 'users', from, to, lastActiveDay: first ? lastActiveDay : undefined });
      if (!reply.bytes) throw new Error('demo worker sent no users');
      return reply.bytes;
    },
    async summary() {
      const { stats } = await finish();
      const reply = await request(0, { type: 'summary', stats });
      return {
        stats,
        lifecycleAtEnd: reply.lifecycleAtEnd ?? { not_activated: 0, new: 0, active: 0, lapsing: 0, churned: 0, returning: 0 },
        errorBursts: reply.errorBursts ?? [],
      };
    },
    close,
  };
}
