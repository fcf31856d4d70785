/**
 * Builds the web dashboard once before the test run, so the servers the tests start (each builds
 * it when stale) find it current instead of building it in parallel.
 */
import { ensureDashboardBuilt } from '../../src/server/dashboard/build-dashboard.ts';

export default async function setup(): Promise<void> {
  await ensureDashboardBuilt();
}
