import { describe, expect, it } from 'vitest';
import { toCsv } from './table-csv.ts';

describe('chart numbers as CSV', () => {
  it('writes a BOM, the labels as header and the raw values, quoting what needs it', () => {
    const csv = toCsv({
      columns: [
        { key: 'day', label: '日' },
        { key: 'visitors', label: '客流, 人' },
        { key: 'note', label: 'note' },
      ],
      rows: [
        { day: '2026-11-01', visitors: 1234.5, note: 'say "hi"' },
        { day: '2026-11-02', visitors: null, note: '=HYPERLINK("x")' },
        { day: '2026-11-03', visitors: -3, note: 'a\nb' },
      ],
    });
    expect(csv).toBe(
      '\uFEFF日,"客流, 人",note\r\n2026-11-01,1234.5,"say ""hi"""\r\n2026-11-02,,"\'=HYPERLINK(""x"")"\r\n2026-11-03,-3,"a\nb"\r\n',
    );
  });
});
