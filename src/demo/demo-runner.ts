/**
 * Runs the demo simulation for the file-writing shell, either in this thread or spread over worker
 * threads (see create-worker-runner.ts). Both give byte-identical output: every day has its own
 * random stream, the weather is stepped through every day by every simulator, and what crosses days
 * (last activity, stats) is merged with max and sum.
 */
import {
  addDemoStats,
  createDemoSimulation,
  emptyDemoStats,
  type DemoDayOutput,
  type DemoSimulation,
  type DemoSimulationOptions,
  type DemoStats,
  type ErrorBurst,
} from './create-demo-simulation.ts';
import { LIFECYCLE_STAGES, lifecycleStageAt, type LifecycleStage, type UserPopulation } from './create-user-population.ts';
import { writeCatalogRows, writeUserRow } from './describe-demo-rows.ts';
import type { EntityKind } from '../domain/entities.ts';

/** What the shell needs to know about the generated world before the first day. */
export interface DemoWorldInfo {
  readonly firstDate: string;
  /** CSV header line per entity ('' for NDJSON). */
  readonly headers: Readonly<Record<EntityKind, string>>;
  readonly catalog: Uint8Array;
  readonly catalogRows: number;
  readonly venuesByType: Readonly<Record<string, number>>;
  readonly products: number;
}

/** Totals known after the last day. */
export interface DemoRunSummary {
  readonly stats: DemoStats;
  readonly lifecycleAtEnd: Readonly<Record<LifecycleStage | 'not_activated', number>>;
  readonly errorBursts: readonly ErrorBurst[];
}

export interface DemoRunner {
  readonly info: DemoWorldInfo;
  /**
   * The output of day `index`. Call with 0, 1, 2 … and write each result out before asking for the
   * next: in-process results are views of reused buffers.
   */
  day(index: number): Promise<DemoDayOutput>;
  /** Encoded users rows [from, to) as of the end of the window; call after the last day. */
  users(from: number, to: number): Promise<Uint8Array>;
  /** Stats and end-of-window facts; call after the last day. */
  summary(): Promise<DemoRunSummary>;
  close(): Promise<void>;
}

/** Facts about the world every runner reports the same way. */
export function describeWorld(sim: DemoSimulation): DemoWorldInfo {
  const writer = sim.createWriter('catalog');
  writeCatalogRows(writer, sim.catalog);
  const catalogRows = writer.rows;
  const venuesByType: Record<string, number> = {};
  for (const v of sim.catalog.venues) venuesByType[v.type] = (venuesByType[v.type] ?? 0) + 1;
  const kinds: EntityKind[] = ['users', 'orders', 'events', 'logs', 'catalog', 'weather'];
  return {
    firstDate: sim.firstDate,
    headers: Object.fromEntries(kinds.map((k) => [k, sim.createWriter(k).header()])) as Record<EntityKind, string>,
    catalog: writer.take().slice(),
    catalogRows,
    venuesByType,
    products: sim.catalog.products.length,
  };
}

/** How many users are in each lifecycle stage on the last day. */
export function lifecycleCounts(users: UserPopulation, days: number): Record<LifecycleStage | 'not_activated', number> {
  const counts = { not_activated: 0, ...Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) } as Record<
    LifecycleStage | 'not_activated',
    number
  >;
  for (let u = 0; u < users.size; u++) counts[lifecycleStageAt(users, u, days - 1) ?? 'not_activated']++;
  return counts;
}

/** Encodes users rows [from, to) with a simulation whose lastActiveDay is complete. */
export function encodeUsers(sim: DemoSimulation, options: DemoSimulationOptions, from: number, to: number): Uint8Array {
  const writer = sim.createWriter('users');
  for (let u = from; u < to; u++) writeUserRow(writer, sim.users, u, options.seed, options.days);
  return writer.take();
}

/** Runs everything in the calling thread; best for small demos and tests. */
export function createInProcessRunner(options: DemoSimulationOptions): DemoRunner {
  const sim = createDemoSimulation(options);
  return {
    info: describeWorld(sim),
    async day(index) {
      return sim.simulateDay(index);
    },
    async users(from, to) {
      return encodeUsers(sim, options, from, to);
    },
    async summary() {
      const stats = emptyDemoStats();
      addDemoStats(stats, sim.stats);
      return { stats, lifecycleAtEnd: lifecycleCounts(sim.users, options.days), errorBursts: sim.errorBursts(stats) };
    },
    async close() {},
  };
}
