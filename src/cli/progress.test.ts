import { describe, expect, it } from 'vitest';
import { createProgress, renderBar } from './progress.ts';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
}

describe('progress', () => {
  it('renders a bar with its percentage, clamped to 0–100%', () => {
    expect(renderBar(0.25, 8)).toBe('[##------]  25%');
    expect(renderBar(1.7, 4)).toBe('[####] 100%');
    expect(renderBar(-1, 4)).toBe('[----]   0%');
  });

  it('prints the first plain line at once, then at most one per interval', () => {
    let clock = 1000;
    const { written, stream } = sink(false);
    const progress = createProgress(true, { stream, plainInterval: 5, now: () => clock });
    progress.update('orders.csv', 10, 100, 2048);
    clock += 1000;
    progress.update('orders.csv', 20, 100, 4096);
    clock += 5000;
    progress.update('orders.csv', 60, 100, 12288);
    expect(written).toEqual(['orders.csv: 10%  2,048 rows  0 rows/s  ETA --\n', 'orders.csv: 60%  12,288 rows  2,048 rows/s  ETA 4s\n']);
  });

  it('stays silent when disabled', () => {
    const { written, stream } = sink(true);
    const progress = createProgress(false, { stream });
    progress.update('x', 1, 2, 3);
    progress.wait('merging')();
    progress.finish('done');
    expect(written).toEqual([]);
  });
});
