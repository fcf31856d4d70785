/**
 * What went wrong, in the dashboard's language. The API's errors are English sentences for
 * developers; the dashboard knows the common ones by their code and field and says them in the
 * reader's words, with the numbers and names the server gave, and falls back to the server's text.
 */
import { defineText, fill, type Locale } from '../i18n/locale.ts';

const errorWords = defineText({
  'zh-CN': {
    unreachable: '连不上服务器。请确认 flowsight serve 正在运行，然后重试。',
    noSegment: '人群 {id} 不存在（可能已被删除）。请在筛选栏换一个人群或清除人群筛选。',
    tooLong: '所选时间段有 {days} 天，这里最多能查 {max} 天。请缩短时间段。',
    noVenue: '场所目录中没有 {venue}。请在筛选栏换一个场所。',
    noData: '还没有订单或事件数据。导入数据后这里会显示结果。',
    unknownMetric: '没有指标 {metric}。',
    invalidField: '请求中的“{field}”无效：{message}',
    internal: '服务器内部出错，详情见服务器日志。',
    shuttingDown: '服务器正在关闭，请稍后重试。',
    timeout: '服务器没有及时回答，请稍后重试。',
    status: '服务器返回了错误 {status}。',
  },
  en: {
    unreachable: 'The server cannot be reached. Check that flowsight serve is running, then retry.',
    noSegment: 'Segment {id} does not exist (it may have been deleted). Choose another segment or clear the segment filter.',
    tooLong: 'The period has {days} days; at most {max} can be shown here. Choose a shorter period.',
    noVenue: 'There is no venue {venue} in the catalog. Choose another venue in the filter bar.',
    noData: 'There is no order or event data yet. Results appear here once data is imported.',
    unknownMetric: 'There is no metric {metric}.',
    invalidField: 'The request’s “{field}” is not valid: {message}',
    internal: 'The server failed; see its log.',
    shuttingDown: 'The server is shutting down; try again shortly.',
    timeout: 'The server did not answer in time; try again shortly.',
    status: 'The server answered with error {status}.',
  },
});

/** The parts of an error the dashboard reads (an ApiRequestError, or any Error). */
export interface ErrorLike {
  readonly message: string;
  readonly code?: string | undefined;
  readonly status?: number | undefined;
  readonly field?: string | undefined;
}

/** Whether the error says the store has no order or event data yet (an empty state, not a failure). */
export function isNoDataError(error: ErrorLike): boolean {
  return /^there is no order or event data\b/.test(error.message);
}

/** The error as a sentence in `locale`. */
export function describeError(error: ErrorLike, locale: Locale): string {
  const t = errorWords(locale);
  const message = error.message;
  if (error.code === 'unreachable') return t.unreachable;
  if (error.code === 'internal') return t.internal;
  if (error.code === 'shutting_down') return t.shuttingDown;
  if (error.code === 'request_timeout') return t.timeout;
  let match = /^no segment (.+)$/.exec(message);
  if (match) return fill(t.noSegment, { id: match[1]! });
  match = /has (\d+) days; this answer covers at most (\d+)/.exec(message);
  if (match) return fill(t.tooLong, { days: match[1]!, max: match[2]! });
  match = /^no venue (.+) in the catalog/.exec(message);
  if (match) return fill(t.noVenue, { venue: match[1]! });
  if (isNoDataError(error)) return t.noData;
  match = /^unknown metric "?([^"]*)"?$/.exec(message);
  if (match) return fill(t.unknownMetric, { metric: match[1]! });
  if (error.code === 'http_error' && error.status) return fill(t.status, { status: error.status });
  if (locale === 'en' || !error.field) return message;
  return fill(t.invalidField, { field: error.field, message });
}
