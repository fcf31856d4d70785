/**
 * Groups log messages by template (see to-log-template.ts) into the "what kinds of lines are there,
 * and how many of each" table of the log views. Rows may be single lines or (message, count) pairs a
 * query already aggregated; both add up the same way.
 */
import { toLogTemplate } from './to-log-template.ts';

/** One log line, or many identical ones when `count` is given. */
export interface LogMessageRow {
  readonly message: string;
  readonly level?: string | undefined;
  /** How many lines this row stands for (default 1); rows with a count of 0 or less are skipped. */
  readonly count?: number | undefined;
  /** Earliest time of the row's lines, as an ISO string. */
  readonly first?: string | undefined;
  /** Latest time of the row's lines, as an ISO string. */
  readonly last?: string | undefined;
}

/** One template with how often it occurred, at which levels, and one real message as an example. */
export interface LogTemplateGroup {
  template: string;
  count: number;
  /** Lines per level (upper-cased); rows without a level are counted in `count` only. */
  levels: Record<string, number>;
  /** The message that contributed most lines (the first such on ties). */
  example: string;
  first?: string;
  last?: string;
}

export interface GroupLogTemplatesOptions {
  /** Keep only the most frequent templates. */
  readonly top?: number | undefined;
}

/** Groups messages by template, most frequent first (ties by template text). */
export function groupLogTemplates(messages: Iterable<LogMessageRow>, options: GroupLogTemplatesOptions = {}): LogTemplateGroup[] {
  const groups = new Map<string, LogTemplateGroup & { exampleCount: number }>();
  // The same message often arrives many times un-aggregated; template it once.
  const templates = new Map<string, string>();
  for (const row of messages) {
    const count = row.count ?? 1;
    if (!(count > 0)) continue;
    let template = templates.get(row.message);
    if (template === undefined) {
      template = toLogTemplate(row.message);
      templates.set(row.message, template);
    }
    let group = groups.get(template);
    if (!group) {
      group = { template, count: 0, levels: {}, example: row.message, exampleCount: 0 };
      groups.set(template, group);
    }
    group.count += count;
    if (row.level) {
      const level = row.level.toUpperCase();
      group.levels[level] = (group.levels[level] ?? 0) + count;
    }
    if (count > group.exampleCount) {
      group.example = row.message;
      group.exampleCount = count;
    }
    if (row.first !== undefined && (group.first === undefined || row.first < group.first)) group.first = row.first;
    if (row.last !== undefined && (group.last === undefined || row.last > group.last)) group.last = row.last;
  }
  const sorted = [...groups.values()]
    .sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0))
    .map(({ exampleCount: _exampleCount, ...group }) => group);
  const top = options.top;
  return top !== undefined && top >= 0 ? sorted.slice(0, Math.floor(top)) : sorted;
}
