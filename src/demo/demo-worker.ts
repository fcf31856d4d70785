/**
 * A worker thread of the demo generator: builds the same world as every other thread (same seed),
 * simulates the days it is asked for and sends their bytes back, transferring the buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDemoSimulation, type DemoSimulationOptions, type DemoStats } from './create-demo-simulation.ts';
import { describeWorld, encodeUsers, lifecycleCounts } from './demo-runner.ts';

/** Messages from the main thread. */
export type ToDemoWorker =
  | { readonly type: 'day'; readonly index: number }
  | { readonly type: 'finish' }
  | { readonly type: 'users'; readonly from: number; readonly to: number; readonly lastActiveDay?: Int32Array }
  | { readonly type: 'summary'; readonly stats: DemoStats };

const port = parentPort;
if (!port) throw new Error('demo-worker.ts must run in a worker thread');
const { options, describe } = workerData as { options: DemoSimulationOptions; describe: boolean };
const sim = createDemoSimulation(options);
let next = 0;
port.postMessage({ type: 'ready', info: describe ? describeWorld(sim) : undefined });

port.on('message', (message: ToDemoWorker) => {
  try {
    switch (message.type) {
      case 'day': {
        while (next < message.index) sim.skipDay(next++);
        const out = sim.simulateDay(message.index);
        next = message.index + 1;
        // Copy the views out of the simulator's reused buffers and hand the copies over.
        const weather = out.weather.slice();
        const orders = out.orders.slice();
        const events = out.events.slice();
        const logs = out.logs.slice();
        port.postMessage({ type: 'day', output: { ...out, weather, orders, events, logs } }, [
          weather.buffer,
          orders.buffer,
          events.buffer,
          logs.buffer,
        ]);
        break;
      }
      case 'finish': {
        const lastActiveDay = sim.users.lastActiveDay.slice();
        port.postMessage({ type: 'finished', stats: sim.stats, lastActiveDay }, [lastActiveDay.buffer]);
        break;
      }
      case 'users': {
        if (message.lastActiveDay) sim.users.lastActiveDay.set(message.lastActiveDay);
        const bytes = encodeUsers(sim, options, message.from, message.to).slice();
        port.postMessage({ type: 'users', bytes }, [bytes.buffer]);
        break;
      }
      case 'summary': {
        port.postMessage({
          type: 'summary',
          lifecycleAtEnd: lifecycleCounts(sim.users, options.days),
          errorBursts: sim.errorBursts(message.stats),
        });
        break;
      }
    }
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
