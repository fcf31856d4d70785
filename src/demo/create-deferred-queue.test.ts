import { describe, expect, it } from 'vitest';
import { createDeferredQueue } from './create-deferred-queue.ts';

const row = (text: string) => new TextEncoder().encode(text);
const texts = (rows: Uint8Array[]) => rows.map((r) => new TextDecoder().decode(r));

describe('deferred order rows', () => {
  it('hands out rows on their due day, in the order they were added', () => {
    const queue = createDeferredQueue(10);
    queue.add([
      { due: 2, row: row('a') },
      { due: 0, row: row('b') },
      { due: 2, row: row('c') },
    ]);
    expect(texts(queue.take(0))).toEqual(['b']);
    expect(texts(queue.take(1))).toEqual([]);
    queue.add([{ due: 2, row: row('d') }]);
    expect(texts(queue.take(2))).toEqual(['a', 'c', 'd']);
  });

  it('never loses a row that is overdue or due after the window', () => {
    const queue = createDeferredQueue(3);
    queue.take(1);
    queue.add([
      { due: 0, row: row('late') },
      { due: 9, row: row('beyond') },
    ]);
    expect(texts(queue.take(2))).toEqual(['late', 'beyond']);
  });
});
