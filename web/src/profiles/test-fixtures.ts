/** A slice of the server's field catalog and personas, for the pure tests of this folder. */
import type { CatalogField, Persona } from './profile-types.ts';

const set = ['in', 'not_in'] as const;
const ordered = ['in', 'not_in', 'gte', 'lte', 'gt', 'lt', 'between'] as const;

export const FIELDS: CatalogField[] = [
  {
    name: 'lifecycle',
    kind: 'category',
    zh: '生命周期',
    en: 'Lifecycle stage',
    numericElements: false,
    operators: set,
    values: [
      { value: 'new', zh: '新客户', en: 'New' },
      { value: 'active', zh: '活跃', en: 'Active' },
      { value: 'growing', zh: '成长', en: 'Growing' },
      { value: 'at_risk', zh: '流失风险', en: 'At risk' },
      { value: 'churned', zh: '已流失', en: 'Churned' },
      { value: 'reactivated', zh: '回流', en: 'Reactivated' },
      { value: 'registered', zh: '仅注册', en: 'Registered only' },
    ],
  },
  {
    name: 'rfm_segment',
    kind: 'category',
    zh: 'RFM 分群',
    en: 'RFM segment',
    numericElements: false,
    operators: set,
    values: [{ value: 'champions', zh: '冠军客户', en: 'Champions' }],
  },
  { name: 'spending_tier', kind: 'number', zh: '消费力等级', en: 'Spending tier', numericElements: false, operators: ordered },
  { name: 'monetary', kind: 'number', zh: '累计消费', en: 'Total spend', numericElements: false, operators: ordered },
  { name: 'p_alive', kind: 'number', zh: '存活概率', en: 'Probability alive', numericElements: false, operators: ordered },
  { name: 'persona', kind: 'number', zh: '人群画像', en: 'Persona (number from /personas)', numericElements: false, operators: ordered },
  { name: 'province', kind: 'category', zh: '省份', en: 'Province', numericElements: false, operators: set },
  {
    name: 'age_band',
    kind: 'category',
    zh: '年龄段',
    en: 'Age band',
    numericElements: false,
    operators: set,
    values: [
      { value: '<18', zh: '<18', en: '<18' },
      { value: '18-24', zh: '18-24', en: '18-24' },
    ],
  },
  { name: 'top_categories', kind: 'list', zh: '偏好品类', en: 'Top categories', numericElements: false, operators: set },
  { name: 'active_hours', kind: 'list', zh: '活跃时段', en: 'Active hours (0–23)', numericElements: true, operators: set },
  { name: 'last_purchase', kind: 'date', zh: '最近购买日', en: 'Last purchase', numericElements: false, operators: ordered },
  { name: 'tag', kind: 'list', zh: '标签', en: 'Tag', numericElements: false, operators: set },
];

export const PERSONAS: Persona[] = [
  {
    id: 1,
    zh: '高频 · 高消费',
    en: 'frequent · high spend',
    description: { zh: '占 36%', en: '36% of users' },
    traits: [
      {
        field: 'frequency',
        kind: 'numeric',
        direction: 'high',
        level: null,
        effect: 0.9,
        value: 1.8,
        overall: 0.9,
        word: { zh: '高频', en: 'frequent' },
      },
    ],
    size: 157,
    share: 0.357,
    means: {},
  },
  {
    id: 0,
    zh: '久未到访',
    en: 'lapsed',
    description: { zh: '占 46%', en: '46% of users' },
    traits: [],
    size: 203,
    share: 0.462,
    means: {},
  },
];
