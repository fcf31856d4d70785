/**
 * Once per test run: builds the web dashboard, so the servers the tests start (each builds it when
 * stale) find it current instead of building it in parallel; and makes a folder for files the test
 * files share, such as the dashboard tests' demo store (see dashboard-server.ts), removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDashboardBuilt } from '../../src/server/dashboard/build-dashboard.ts';

import './dashboard-server.ts'; // declares the provided `runDir`

export default async function setup(project: TestProject): Promise<() => void> {
  await ensureDashboardBuilt();
  const runDir = mkdtempSync(join(tmpdir(), 'flowsight-test-run-'));
  project.provide('runDir', runDir);
  return () => rmSync(runDir, { recursive: true, force: true });
}
