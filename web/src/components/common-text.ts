/** Words shared by the shell and the building blocks of every page. */
import { defineText } from '../i18n/locale.ts';

export const commonText = defineText({
  'zh-CN': {
    loading: '加载中…',
    empty: '这段时间、这些筛选条件下没有数据。试试放宽日期范围或清除筛选。',
    error: '没能载入这部分数据：',
    retry: '重试',
    showTable: '表格',
    showChart: '图表',
    exportCsv: '导出 CSV',
    notFound: '没有这个页面。',
    backHome: '回到总览',
  },
  en: {
    loading: 'Loading…',
    empty: 'No data for this period and these filters. Try a wider date range or clear the filters.',
    error: 'This part could not be loaded: ',
    retry: 'Retry',
    showTable: 'Table',
    showChart: 'Chart',
    exportCsv: 'Export CSV',
    notFound: 'There is no such page.',
    backHome: 'Back to the overview',
  },
});
