/**
 * Picks the CSV delimiter from the header line. Exports from European-locale Excel use `;`, database
 * dumps use tab or `|`; the header is the one line where every column is present and none is quoted
 * text that could contain the other candidates.
 */

/** Delimiters recognised, in order of preference when counts tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/** The candidate occurring most often outside quotes in the first non-empty line of `text`; `,` when none does. */
export function sniffDelimiter(text: string): string {
  const line = firstLine(text);
  const counts = new Map<string, number>(DELIMITER_CANDIDATES.map((d) => [d, 0]));
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function firstLine(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split('\n', 64);
  return lines.find((line) => line.trim() !== '') ?? '';
}
