/** Helpers shared by benchmarks: timing a child command with its peak memory, formatting figures. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const CLI_CHILD = fileURLToPath(new URL('./cli-child.ts', import.meta.url));

export interface ChildRun {
  readonly code: number | null;
  readonly seconds: number;
  readonly maxRssBytes: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `flowsight ARGS` in a child process; resolves with wall time and peak RSS. */
export function runFlowsight(args: readonly string[], timeoutMs = 30 * 60_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [RUN_TS, CLI_CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let report = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: string) => (report += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const parsed = report.trim() ? (JSON.parse(report.trim()) as { maxRssBytes: number }) : { maxRssBytes: Number.NaN };
      resolve({ code, seconds, maxRssBytes: parsed.maxRssBytes, stdout, stderr });
    });
  });
}

export const fmt = {
  int: (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n),
  sec: (s: number) => `${s.toFixed(2)} s`,
  mib: (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`,
  ratio: (r: number) => r.toFixed(2),
};

/** Parses `--name value` flags after the part name. */
export function benchFlags(argv: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) flags[arg.slice(2)] = argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[++i]! : 'true';
  }
  return flags;
}
