/**
 * Dashboard benchmark: the real `flowsight serve` on the query benchmark's ~10M-order store, driven
 * by Debian's Chromium. Measures, over fresh browser contexts (cold cache):
 * - time to the first view being interactive: from navigation start until the overview's KPI cards
 *   are on the page, no panel is still loading and every chart is drawn;
 * - the gzipped JavaScript the first view downloads (what Chromium received, not what the build wrote);
 * - every API call the overview makes: its p95 as the browser saw it, and replayed warm from this
 *   process; next to GET /healthz, the server's floor, as the reference in the same run.
 * The server computes its forecasts and profiles after start; the measurement waits for that to finish.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureDashboardBuilt } from '../src/server/dashboard/build-dashboard.ts';
import { ensureGeneratedData } from './import-bench.ts';
import { ensureStore } from './query-bench.ts';
import { fmt } from './measure.ts';
import { DASHBOARD_SETTLED } from '../test/support/dashboard-settled.ts';

const CLI = fileURLToPath(new URL('../bin/flowsight.js', import.meta.url));
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

function startServer(db: string, settleSeconds: number): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--no-demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let url: string | undefined;
    const timer = setTimeout(
      () => (url ? done({ child, url, log: () => out }) : fail(new Error(`serve did not start:\n${out}`))),
      settleSeconds * 1000,
    );
    const onData = (data: Buffer) => {
      out += data.toString();
      url ??= /serving .* at (http:\/\/\S+)/.exec(out)?.[1];
      // Measure once the refresh after start (forecasts, profiles, the overview's answers) is over.
      if (url && /overview answers computed ahead|refresh of forecasts and profiles failed/.test(out)) {
        clearTimeout(timer);
        done({ child, url, log: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

export async function webBenchmark(flags: Record<string, string> = {}): Promise<void> {
  const users = Number(flags.users ?? 1_000_000);
  const days = Number(flags.days ?? 730);
  const loads = Number(flags.loads ?? 10);
  const replays = Number(flags.replays ?? 30);
  const settleMs = Number(flags['settle-ms'] ?? 2000);
  mkdirSync(resolve('.bench'), { recursive: true });
  const build = await ensureDashboardBuilt();
  const source = resolve('.bench', `query-${users}x${days}.duckdb`);
  await ensureStore(await ensureGeneratedData(users, days), source);
  // A copy of its own: the server adds its forecasts and profiles to it (kept for the next run).
  const db = resolve('.bench', `web-${users}x${days}.duckdb`);
  if (!existsSync(db)) copyFileSync(source, db);

  console.error(
    `dashboard build: ${build.built ? `built in ${fmt.sec(build.elapsedMs / 1000)}` : 'current'}; starting the server on ${db}`,
  );
  const started = performance.now();
  const server = await startServer(db, Number(flags['settle-seconds'] ?? 1800));
  console.error(`server ready with forecasts, profiles and the overview's answers after ${fmt.sec((performance.now() - started) / 1000)}`);
  // Never leave the server holding the store, whatever ends this process.
  process.once('exit', () => server.child.kill('SIGKILL'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
  try {
    const firstViewJs: number[] = [];
    /** Per API path: [from the page's call to the last byte, from the request's sending to the last byte]. */
    const apiTimes = new Map<string, [number[], number[]]>();
    const apiUrls = new Set<string>();
    /** One cold load (a fresh browser context) of the overview, `settleMs` after the context is made; ms to interactive. */
    const coldLoad = async (settleMs: number): Promise<number> => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      let jsBytes = 0;
      let pending = 0;
      const isApiCall = (url: URL) => url.pathname.startsWith('/api/') && url.pathname !== '/api/v1/live';
      page.on('request', (request) => {
        if (isApiCall(new URL(request.url()))) pending++;
      });
      page.on('requestfailed', (request) => {
        if (isApiCall(new URL(request.url()))) pending--;
      });
      page.on('requestfinished', (request) => {
        const url = new URL(request.url());
        if (!isApiCall(url)) return;
        pending--;
        apiUrls.add(url.pathname + url.search);
        const [total, sent] = apiTimes.get(url.pathname) ?? [[], []];
        const timing = request.timing();
        // Before requestStart the call waits for one of the browser's six connections to the host.
        total.push(timing.responseEnd);
        sent.push(timing.responseEnd - timing.requestStart);
        apiTimes.set(url.pathname, [total, sent]);
      });
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') jsBytes += Number(response.headers()['content-length'] ?? 0);
      });
      // Making a context, and closing the last one, keeps Chromium's browser process busy for about a
      // second on these two cores: a user's first view does not share the machine with that.
      await new Promise((r) => setTimeout(r, settleMs));
      await page.goto(server.url, { waitUntil: 'commit' });
      // Runs in the page (a string, since this file is compiled without the DOM's types).
      await page.waitForFunction(`document.querySelector('[data-kpi]') !== null && ${DASHBOARD_SETTLED}`, null, {
        timeout: 60_000,
        polling: 20,
      });
      const interactive = (await page.evaluate('performance.now()')) as number;
      // The live feed never ends, so "network idle" never comes: wait for the API calls in flight instead.
      for (let waited = 0; pending > 0 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      firstViewJs.push(jsBytes);
      await context.close();
      return interactive;
    };
    const settled: number[] = [];
    for (let i = 0; i < loads; i++) settled.push(await coldLoad(settleMs));
    const backToBack: number[] = [];
    for (let i = 0; i < loads; i++) backToBack.push(await coldLoad(0));

    // The same calls replayed warm from this process: the server's own time without the browser's.
    const replayed = new Map<string, number[]>();
    const replay = async (path: string) => {
      const samples: number[] = [];
      for (let i = 0; i < replays; i++) {
        const t = performance.now();
        const response = await fetch(server.url + path);
        await response.arrayBuffer();
        samples.push(performance.now() - t);
      }
      return samples;
    };
    for (const path of apiUrls) replayed.set(path, await replay(path));
    const health = await replay('/healthz');

    const rows = [
      `| first view interactive (p50 / p95 of ${loads} cold loads, each ${fmt.sec(settleMs / 1000)} after its browser context was made) | ${ms(quantile(settled, 0.5))} / ${ms(quantile(settled, 0.95))} | < 2000 ms | ${fmt.ratio(quantile(settled, 0.95) / 2000)} of goal |`,
      `| the same, back to back (the last context still closing) | ${ms(quantile(backToBack, 0.5))} / ${ms(quantile(backToBack, 0.95))} | | ${fmt.ratio(quantile(backToBack, 0.95) / 2000)} of goal |`,
      `| gzipped JavaScript of the first view | ${(quantile(firstViewJs, 0.5) / 1024).toFixed(0)} KB | < 500 KB | ${fmt.ratio(quantile(firstViewJs, 0.5) / 1024 / 500)} of goal |`,
      ...[...apiTimes.entries()].map(
        ([path, [total, sent]]) =>
          `| ${path} during cold loads, sent → answered (p95 of ${sent.length}; with the wait for a connection: ${ms(quantile(total, 0.95))}) | ${ms(quantile(sent, 0.95))} | < 100 ms | ${fmt.ratio(quantile(sent, 0.95) / 100)} of goal |`,
      ),
      ...[...replayed.entries()].map(
        ([path, samples]) =>
          `| ${path.length > 90 ? `${path.slice(0, 90)}…` : path} replayed warm (p50 / p95 of ${samples.length}) | ${ms(quantile(samples, 0.5))} / ${ms(quantile(samples, 0.95))} | < 100 ms | ${fmt.ratio(quantile(samples, 0.95) / quantile(health, 0.95))} × /healthz |`,
      ),
      `| reference: GET /healthz (p50 / p95 of ${health.length}) | ${ms(quantile(health, 0.5))} / ${ms(quantile(health, 0.95))} | | |`,
    ];
    console.log(`\n### Dashboard (${users} users × ${days} days; \`npm run bench -- web\`)\n`);
    console.log('| measure | result | goal | ratio |\n|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
}
