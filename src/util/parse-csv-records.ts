/**
 * A strict little RFC 4180 reader for small files read whole (generated demo files, a series to
 * forecast): quoted fields may hold commas, doubled quotes and line breaks; anything else malformed
 * throws with the line number.
 */

/** Parses CSV text into records (arrays of fields); the header is the first record. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          throw new SyntaxError(`line ${line}: text after a closing quote`);
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field.length > 0) throw new SyntaxError(`line ${line}: quote inside an unquoted field`);
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new SyntaxError(`line ${line}: unterminated quoted field`);
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Parses CSV text into objects keyed by the header's column names. */
export function parseCsvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...records] = parseCsvRecords(text);
  return {
    header,
    rows: records.map((fields, index) => {
      if (fields.length !== header.length)
        throw new SyntaxError(`record ${index + 2}: ${fields.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((name, i) => [name, fields[i] as string]));
    }),
  };
}
