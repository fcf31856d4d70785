/** The forecast page's words (also the method and component names the region view shows), in both languages. */
import { defineText, type Locale } from '../i18n/locale.ts';

export const forecastText = defineText({
  'zh-CN': {
    title: '预测',
    target: '预测对象',
    all: '全部业务',
    province: '省份',
    city: '城市',
    venue: '场所',
    metric: '指标',
    visitors: '客流',
    orders: '订单',
    revenue: '销售额',
    horizon: '预测天数',
    days: '{n} 天',
    computing: '正在计算预测…（没有存储的预测会现场计算，需要几秒）',
    forecastTitle: '{target} · {metric}预测',
    forecastSubtitle: '近 {recent} 天实际与未来 {days} 天预测，阴影为 80% / 95% 区间；节假日与调休标在图上。',
    total: '未来 {n} 天预测合计',
    perDay: '日均 {value}',
    method: '预测方法',
    combines: '组合了 {methods}',
    accuracy: '回测准确度',
    naive: '季节性朴素',
    better: '比季节性朴素好 {p}（按 MASE）',
    worse: '比季节性朴素差 {p}（按 MASE）',
    noBacktest: '历史太短，还无法回测准确度。',
    accuracyNote: 'MASE：误差相对季节性朴素的倍数，越小越好；sMAPE：对称平均百分比误差。',
    history: '历史 {from} 至 {to}',
    stored: '已存储的预测（{time} 计算）',
    fresh: '刚刚现场计算',
    fallback: '历史数据较短，用了简化方法：',
    notes: '说明：',
    decomposition: '预测分解',
    decompositionSubtitle: '未来 {days} 天每天的预测拆成各部分，相加等于预测值。',
    date: '日期',
    component: '部分',
    forecast: '预测',
    effects: '估计的效应',
    holidayEffects: '节假日效应',
    weekdayEffects: '星期效应',
    weatherEffects: '天气效应',
    effectSubtitle: '相对平常一天多或少多少（回归模型估计）。',
    weatherSubtitle: '相对晴朗温和的一天多或少多少。',
    effect: '效应',
    factor: '倍数',
    noEffects: '这个方法没有估计效应（历史太短，或选用的方法不含回归）。',
    noWeather: '没有这个对象的天气数据，或天气没有可测的影响。',
    noHolidayEffects: '历史中还没有节假日。',
    backtest: '回测：各候选方法',
    backtestSubtitle: '滚动起点回测 {windows} 个窗口，每个 {h} 天；MASE < 1 表示优于季节性朴素。',
    candidate: '方法',
    selected: '已选用',
    holidays: '节假日预测',
    holidaysSubtitle: '未来 90 天内的法定节假日，逐日预测与去年同一节日的同一天对比。',
    noHolidays: '未来 90 天内没有法定节假日。',
    holidayDay: '第 {n} 天',
    dayOfHoliday: '节日第几天',
    lastYearDate: '去年同日',
    lastYear: '去年实际',
    band80: '80% 区间',
    overNormal: '比平常一周 {p}',
    overLastYear: '比去年同期 {p}',
    normalDay: '平常一天约 {value}',
    provisional: '日期尚未公布，按惯例推算',
    makeup: '调休上班：{days}',
    periodTotal: '合计 {total}（去年 {lastYear}）',
    peaks: '高峰时段配置',
    peakVenue: '规划场所',
    peakVenueFromFilter: '按筛选的场所规划。',
    peakBusiest: '没有选择场所：按筛选范围内客流最多的「{name}」规划，可在这里换一个。',
    peakChosen: '在这里选择的场所；在筛选栏选场所会替换它。',
    peakNoVenue: '筛选范围内没有场所有客流，无法规划高峰时段。',
    throughput: '每人每小时接待',
    targetUtilisation: '目标利用率',
    planDays: '规划天数',
    capacity: '容量：每天 {day}，每小时 {hour}',
    unknown: '未知',
    profileTitle: '小时分布（按日类型）',
    profileSubtitle: '近 180 天每种日子里各小时客流的占比。',
    hour: '时段',
    share: '占比',
    workday: '工作日',
    weekend: '周末',
    holiday: '节假日',
    makeup_workday: '调休上班',
    profileFrom: '借用{source}（样本 {days} 天）',
    hourlyTitle: '未来逐小时预测客流',
    hourlySubtitle: '每天的预测按日类型的小时分布摊到各小时。',
    visitors_h: '预测客流',
    daysTitle: '逐日概况',
    dayType: '日类型',
    peakWindow: '高峰时段',
    busiestHour: '最忙时段',
    peakStaff: '最多人员',
    staffHours: '人时',
    quota: '放票配额',
    utilisation: '利用率',
    overCapacity: '超容量',
    reasons: '说明',
    yes: '是',
    over: '超容量',
    overUpper: '繁忙时可能超容量',
    noneOver: '规划期内没有超过容量 × 目标利用率的日子。',
    overDays: '超过容量的日子：{days}',
    allocationTitle: '{date} 逐小时配置',
    allocationSubtitle: '建议人员 = 预测客流 ÷ 每人每小时接待（向上取整）；繁忙日按 80% 区间上限；配额 = 时段容量 × 目标利用率。',
    upperVisitors: '繁忙日客流',
    staff: '建议人员',
    staffUpper: '繁忙日人员',
    hourCapacity: '时段容量',
    pickDay: '选择日期',
    exportCsv: '导出 CSV',
    trend: '趋势',
    weekly: '星期',
    daily: '时段',
    yearly: '年度季节',
    holiday_c: '节假日',
    weather: '天气',
    events: '活动',
  },
  en: {
    title: 'Forecast',
    target: 'Forecast of',
    all: 'the whole business',
    province: 'Province',
    city: 'City',
    venue: 'Venue',
    metric: 'Metric',
    visitors: 'Visitors',
    orders: 'Orders',
    revenue: 'Revenue',
    horizon: 'Days ahead',
    days: '{n} days',
    computing: 'Computing the forecast… (one that is not stored is computed now, which takes a few seconds)',
    forecastTitle: '{target} · {metric} forecast',
    forecastSubtitle: 'The last {recent} days and the next {days} days, with 80% / 95% bands; holidays and make-up workdays marked.',
    total: 'Next {n} days in total',
    perDay: '{value} a day',
    method: 'Method',
    combines: 'combining {methods}',
    accuracy: 'Back-test accuracy',
    naive: 'Seasonal naive',
    better: '{p} better than seasonal naive (by MASE)',
    worse: '{p} worse than seasonal naive (by MASE)',
    noBacktest: 'Too little history to back-test the accuracy yet.',
    accuracyNote: 'MASE: error relative to seasonal naive, lower is better; sMAPE: symmetric mean absolute percentage error.',
    history: 'History {from} to {to}',
    stored: 'Stored forecast (computed {time})',
    fresh: 'Computed just now',
    fallback: 'Short history, a simpler method was used: ',
    notes: 'Notes: ',
    decomposition: 'Forecast decomposition',
    decompositionSubtitle: 'Each day of the next {days} days split into its parts, which add up to the forecast.',
    date: 'Date',
    component: 'Part',
    forecast: 'Forecast',
    effects: 'Estimated effects',
    holidayEffects: 'Holiday effects',
    weekdayEffects: 'Weekday effects',
    weatherEffects: 'Weather effects',
    effectSubtitle: 'More or less than an average day (estimated by the regression).',
    weatherSubtitle: 'More or less than a dry, mild day.',
    effect: 'Effect',
    factor: 'Factor',
    noEffects: 'This method estimates no effects (short history, or no regression in the chosen method).',
    noWeather: 'No weather data for this target, or no measurable weather effect.',
    noHolidayEffects: 'The history holds no holiday yet.',
    backtest: 'Back-test: every candidate method',
    backtestSubtitle: 'Rolling-origin back-test over {windows} windows of {h} days; MASE below 1 beats seasonal naive.',
    candidate: 'Method',
    selected: 'Chosen',
    holidays: 'Holiday forecasts',
    holidaysSubtitle: 'Public holidays in the next 90 days, day by day against the same day of last year’s holiday.',
    noHolidays: 'There is no public holiday in the next 90 days.',
    holidayDay: 'Day {n}',
    dayOfHoliday: 'Holiday day',
    lastYearDate: 'Same day last year',
    lastYear: 'Last year',
    band80: '80% band',
    overNormal: '{p} over a normal week',
    overLastYear: '{p} over last year',
    normalDay: 'a normal day ≈ {value}',
    provisional: 'dates not announced yet, computed by the usual rule',
    makeup: 'Make-up workdays: {days}',
    periodTotal: 'Total {total} (last year {lastYear})',
    peaks: 'Peak-period allocation',
    peakVenue: 'Venue planned',
    peakVenueFromFilter: 'The venue chosen in the filters.',
    peakBusiest: 'No venue chosen: planning for “{name}”, the busiest venue in the filters; choose another here.',
    peakChosen: 'Chosen here; choosing a venue in the filter bar replaces it.',
    peakNoVenue: 'No venue has visitors in these filters, so there are no peaks to plan.',
    throughput: 'Visitors per staff-hour',
    targetUtilisation: 'Target utilisation',
    planDays: 'Days to plan',
    capacity: 'Capacity: {day} a day, {hour} an hour',
    unknown: 'unknown',
    profileTitle: 'Hourly profile by day type',
    profileSubtitle: 'Share of each day’s flow in each hour, over the last 180 days.',
    hour: 'Hour',
    share: 'Share',
    workday: 'Workday',
    weekend: 'Weekend',
    holiday: 'Holiday',
    makeup_workday: 'Make-up workday',
    profileFrom: 'borrowed from {source} ({days} days)',
    hourlyTitle: 'Predicted hourly flow',
    hourlySubtitle: 'Each day’s forecast spread over the hours by its day type’s profile.',
    visitors_h: 'Visitors',
    daysTitle: 'Day by day',
    dayType: 'Day type',
    peakWindow: 'Peak window',
    busiestHour: 'Busiest hour',
    peakStaff: 'Most staff',
    staffHours: 'Staff-hours',
    quota: 'Slot quota',
    utilisation: 'Utilisation',
    overCapacity: 'Over capacity',
    reasons: 'Why',
    yes: 'yes',
    over: 'Over capacity',
    overUpper: 'May exceed capacity on a busy day',
    noneOver: 'No day in the plan goes over capacity × target utilisation.',
    overDays: 'Days over capacity: {days}',
    allocationTitle: 'Hour by hour on {date}',
    allocationSubtitle:
      'Staff = visitors ÷ visitors per staff-hour, rounded up; a busy day uses the top of the 80% band; quota = hour capacity × target utilisation.',
    upperVisitors: 'Busy-day visitors',
    staff: 'Staff',
    staffUpper: 'Busy-day staff',
    hourCapacity: 'Hour capacity',
    pickDay: 'Choose a day',
    exportCsv: 'Export CSV',
    trend: 'Trend',
    weekly: 'Weekday',
    daily: 'Hour of day',
    yearly: 'Season',
    holiday_c: 'Holiday',
    weather: 'Weather',
    events: 'Events',
  },
});

export type ForecastWords = ReturnType<typeof forecastText>;

const METHODS: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  regression: { 'zh-CN': '回归（含节假日、天气）', en: 'Regression (holidays, weather)' },
  hybrid: { 'zh-CN': '混合（回归 + 指数平滑）', en: 'Hybrid (regression + smoothing)' },
  additive: { 'zh-CN': '加性回归（各部分相加）', en: 'Additive regression (parts add up)' },
  ets: { 'zh-CN': '指数平滑 (ETS)', en: 'Exponential smoothing (ETS)' },
  seasonal_ar: { 'zh-CN': '季节自回归 (SARIMA)', en: 'Seasonal autoregression (SARIMA)' },
  seasonal_naive: { 'zh-CN': '季节性朴素（重复上周）', en: 'Seasonal naive (last week repeated)' },
  combined: { 'zh-CN': '组合（两种方法的平均）', en: 'Combined (average of two methods)' },
  mean: { 'zh-CN': '均值', en: 'Mean' },
};

/** A forecasting method's name for people. */
export function methodLabel(method: string, locale: Locale): string {
  return METHODS[method]?.[locale] ?? method;
}

const HOLIDAYS: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  new_year: { 'zh-CN': '元旦', en: "New Year's Day" },
  spring_festival: { 'zh-CN': '春节', en: 'Spring Festival' },
  qingming: { 'zh-CN': '清明节', en: 'Qingming Festival' },
  labour_day: { 'zh-CN': '劳动节', en: 'Labour Day' },
  dragon_boat: { 'zh-CN': '端午节', en: 'Dragon Boat Festival' },
  mid_autumn: { 'zh-CN': '中秋节', en: 'Mid-Autumn Festival' },
  national_day: { 'zh-CN': '国庆节', en: 'National Day' },
  victory_day: { 'zh-CN': '抗战胜利纪念日', en: 'Victory Day' },
};

/** A holiday's name (the forecast's effects key them by id). */
export function holidayLabel(holiday: string, locale: Locale): string {
  return HOLIDAYS[holiday]?.[locale] ?? holiday;
}

const WEATHER: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  rain: { 'zh-CN': '雨', en: 'Rain' },
  heavy_rain: { 'zh-CN': '大雨', en: 'Heavy rain' },
  snow: { 'zh-CN': '雪', en: 'Snow' },
  fog: { 'zh-CN': '雾', en: 'Fog' },
  haze: { 'zh-CN': '霾', en: 'Haze' },
  heat: { 'zh-CN': '高温（≥35 °C）', en: 'Heat (≥35 °C)' },
  unknown: { 'zh-CN': '未知', en: 'Unknown' },
};

/** A weather condition's name. */
export function weatherLabel(condition: string, locale: Locale): string {
  return WEATHER[condition]?.[locale] ?? condition;
}

/** Monday first, as the forecast's weekday effects are. */
export function weekdayLabels(locale: Locale): string[] {
  return locale === 'en' ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] : ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
}

/** The name of a forecast component (trend, weekly…). */
export function componentLabel(component: string, words: ForecastWords): string {
  const key = component === 'holiday' ? 'holiday_c' : component;
  return key in words ? words[key as keyof ForecastWords] : component;
}

/**
 * The forecaster's notes and fallback reason come in English; those it is known to write are put in
 * Chinese, anything else is shown as written.
 */
export function translateNote(note: string, locale: Locale): string {
  if (locale === 'en') return note;
  const bands = /^bands beyond (\d+) (days|hours) extrapolate the back-test's error growth$/.exec(note);
  if (bands) return `超过 ${bands[1]} ${bands[2] === 'days' ? '天' : '小时'}的区间按回测误差的增长外推`;
  if (note === 'too little history to back-test: the regression is used and its bands are the textbook ones')
    return '历史太短，无法回测：使用回归模型，区间按理论公式计算';
  const short =
    /^only (\d+) observed (days|hours) of history \(the full model needs (\d+)\): (the last week is repeated|the mean is carried forward), with wide bands; accuracy cannot be back-tested yet$/.exec(
      note,
    );
  if (short) {
    const unit = short[2] === 'days' ? '天' : '小时';
    const how = short[4] === 'the last week is repeated' ? '重复最近一周' : '沿用历史均值';
    return `只有 ${short[1]} ${unit}有观测的历史（完整模型需要 ${short[3]} ${unit}）：${how}，区间较宽；还无法回测准确度`;
  }
  return note;
}
