/**
 * The demo world, simulated one day at a time: weather per city, visits per venue (calendar, season,
 * holiday and weather driven, capped at capacity), the sessions and orders around them, online
 * shopping, browsing and system logs. A day's work is planned first and carried out in time order,
 * so files come out roughly chronological. Order states that change on a later day are returned as
 * deferred rows to be written on that day, so an order's later rows always sit further down the
 * file. No I/O here: each day returns encoded bytes for the caller to write.
 */
import { fromDayNumber, toDayNumber } from '../domain/calendar/civil-date.ts';
import type { DayType } from '../domain/calendar/cn-holidays.ts';
import { BEHAVIOUR_RATES, ORDER_NOTES, PREFECTURES, SEARCH_WORDS, STREETS } from './behaviour-model.ts';
import { CN_CITIES } from './cn-regions.ts';
import { createAliasTable, createRng, mixSeed, type AliasTable, type Rng } from './create-rng.ts';
import {
  CHANNELS,
  LIFECYCLE_MODEL,
  LIFECYCLE_STRIDE,
  activityMassByDay,
  createUserPopulation,
  type UserPopulation,
} from './create-user-population.ts';
import { createVenueCatalog, venueCountFor, type DemoProduct, type DemoVenue, type VenueCatalog } from './create-venue-catalog.ts';
import { WEATHER_CONDITIONS, createWeatherSimulator } from './create-weather-simulator.ts';
import { DEMAND_KINDS, HOURLY_PROFILE, calendarFactor, describeDemandDay, weatherFactor, type DemandKind } from './demand-model.ts';
import { DEMO_COLUMNS } from './demo-columns.ts';
import {
  FAILING_COMPONENTS,
  renderApiRequest,
  renderBackgroundError,
  renderComponentError,
  renderUserAction,
  type FailingComponent,
  type LogContext,
  type RenderedLog,
} from './log-messages.ts';
import { RowWriter, encodePlain, encodeText, type DateBytes, type TextFormat } from './row-writer.ts';

export const ORDER_STATUSES = ['pending_payment', 'pending_shipment', 'shipped', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
const PENDING_PAYMENT = 0;
const PENDING_SHIPMENT = 1;
const SHIPPED = 2;
const COMPLETED = 3;
const CANCELLED = 4;
const REFUNDED = 5;

const DAY = 86_400;
const HOUR = 3_600;
const MINUTE = 60;
const ONLINE_TASK = -1;
const BROWSE_TASK = -2;
const [U, P, V] = ['U', 'P', 'V'].map((c) => c.charCodeAt(0)) as [number, number, number];
const EVENT_TYPES = ['visit', 'view', 'search', 'click', 'add_to_cart', 'checkout', 'share', 'favorite', 'login'] as const;
const [VISIT, VIEW, SEARCH, CLICK, ADD_TO_CART, CHECKOUT, SHARE, FAVORITE, LOGIN] = EVENT_TYPES.map((_, i) => i) as number[] as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const ORDER_TYPES = ['phone', 'online', 'pickup'] as const;
const [PHONE, ONLINE, PICKUP] = [0, 1, 2];
const MOBILE = CHANNELS.indexOf('mobile');
const APP = CHANNELS.indexOf('app');
const NO_CHANNEL = -1;

/** A later state of an order, encoded, to be written on day `due`. */
export interface DeferredRow {
  readonly due: number;
  readonly row: Uint8Array;
}

/**
 * The encoded output of one simulated day, per entity, in file order. The byte arrays are views of
 * the simulator's buffers: write them out before simulating the next day.
 */
export interface DemoDayOutput {
  readonly index: number;
  readonly date: string;
  readonly weather: Uint8Array;
  readonly orders: Uint8Array;
  readonly events: Uint8Array;
  readonly logs: Uint8Array;
  readonly rows: { readonly weather: number; readonly orders: number; readonly events: number; readonly logs: number };
  /** Order rows of later states, each due on its own (later or same) day. */
  readonly deferred: readonly DeferredRow[];
}

export interface ErrorBurst {
  readonly date: string;
  readonly start: string;
  readonly end: string;
  readonly component: FailingComponent;
  errors: number;
}

/** What happened, for truth.json; every field is a sum, so partial stats can be added up. */
export interface DemoStats {
  visits: number;
  cappedVenueDays: number;
  sessions: number;
  convertingSessions: number;
  orders: number;
  ordersWithUpdates: number;
  updateRows: number;
  droppedLaterStates: number;
  ordersByKind: { ticket: number; store: number; online: number; abandoned: number; refundedTicket: number };
  finalStatus: Record<OrderStatus, number>;
  eventsByType: Record<string, number>;
  logsByLevel: Record<string, number>;
  visitsByDayType: Record<DayType, { days: number; visits: number }>;
  outdoorVisits: Record<'dry' | 'wet', { venueDays: number; visits: number; expectedWithoutWeather: number }>;
  burstErrors: Record<string, number>;
}

export interface DemoSimulationOptions {
  readonly users: number;
  readonly days: number;
  /** Last generated day, 'YYYY-MM-DD'. */
  readonly endDate: string;
  readonly seed: number;
  readonly format: TextFormat;
}

export interface DemoSimulation {
  readonly firstDate: string;
  readonly users: UserPopulation;
  readonly catalog: VenueCatalog;
  readonly stats: DemoStats;
  readonly dates: DateBytes;
  /** Simulates day `index` (0 = first day). Days must be visited in order, simulated or skipped. */
  simulateDay(index: number): DemoDayOutput;
  /** Advances past a day another simulator instance handles (keeps the weather in step). */
  skipDay(index: number): void;
  /** The planned error bursts with the errors logged for them (from `stats.burstErrors`). */
  errorBursts(stats: DemoStats): ErrorBurst[];
  /** A writer for one entity in the run's format. */
  createWriter(kind: keyof typeof DEMO_COLUMNS): RowWriter;
}

/** Zeroed stats. */
export function emptyDemoStats(): DemoStats {
  return {
    visits: 0,
    cappedVenueDays: 0,
    sessions: 0,
    convertingSessions: 0,
    orders: 0,
    ordersWithUpdates: 0,
    updateRows: 0,
    droppedLaterStates: 0,
    ordersByKind: { ticket: 0, store: 0, online: 0, abandoned: 0, refundedTicket: 0 },
    finalStatus: { pending_payment: 0, pending_shipment: 0, shipped: 0, completed: 0, cancelled: 0, refunded: 0 },
    eventsByType: {},
    logsByLevel: {},
    visitsByDayType: {
      workday: { days: 0, visits: 0 },
      weekend: { days: 0, visits: 0 },
      holiday: { days: 0, visits: 0 },
      makeup_workday: { days: 0, visits: 0 },
    },
    outdoorVisits: {
      dry: { venueDays: 0, visits: 0, expectedWithoutWeather: 0 },
      wet: { venueDays: 0, visits: 0, expectedWithoutWeather: 0 },
    },
    burstErrors: {},
  };
}

/** Adds `from` into `into` (every leaf is a count). */
export function addDemoStats(into: DemoStats, from: DemoStats): void {
  const add = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(b)) {
      if (typeof value === 'number') a[key] = ((a[key] as number | undefined) ?? 0) + value;
      else if (value && typeof value === 'object') {
        if (!a[key]) a[key] = {};
        add(a[key] as Record<string, unknown>, value as Record<string, unknown>);
      }
    }
  };
  add(into as unknown as Record<string, unknown>, from as unknown as Record<string, unknown>);
}

/** Builds the world for the options and returns the day-by-day simulator. */
export function createDemoSimulation(options: DemoSimulationOptions): DemoSimulation {
  const { days, seed, format } = options;
  const firstDayNumber = toDayNumber(options.endDate) - days + 1;
  const users = createUserPopulation(options.users, days, seed);
  const massByDay = activityMassByDay(users, days);
  let meanMass = 0;
  for (let d = 0; d < days; d++) meanMass += (massByDay[d] as number) / days;
  const rates = BEHAVIOUR_RATES;
  const catalog = createVenueCatalog(venueCountFor(options.users), rates.visitsPerActivityDay * meanMass, seed);
  const weather = createWeatherSimulator(seed);
  const hourTables = new Map<DemandKind, AliasTable>(DEMAND_KINDS.map((k) => [k, createAliasTable(HOURLY_PROFILE[k])]));

  // Dates as bytes, from well before the window (registrations) to well after (late order states).
  const offset = LIFECYCLE_MODEL.historyDays + 40;
  const dashed: Uint8Array[] = [];
  const compact: Uint8Array[] = [];
  for (let d = -offset; d < days + 60; d++) {
    const text = fromDayNumber(firstDayNumber + d);
    dashed.push(Buffer.from(text, 'latin1'));
    compact.push(Buffer.from(text.replaceAll('-', ''), 'latin1'));
  }
  const dates: DateBytes = { offset, dashed, compact, fallback: (d) => fromDayNumber(firstDayNumber + d) };
  const createWriter = (kind: keyof typeof DEMO_COLUMNS) => new RowWriter(DEMO_COLUMNS[kind], format, dates);
  const orderWriter = createWriter('orders');
  const eventWriter = createWriter('events');
  const logWriter = createWriter('logs');
  const weatherWriter = createWriter('weather');

  const clock = (t: number): string => {
    const s = ((t % DAY) + DAY) % DAY;
    const two = (n: number) => (n < 10 ? `0${n}` : String(n));
    return `${two(Math.floor(s / HOUR))}:${two(Math.floor((s % HOUR) / MINUTE))}:${two(s % MINUTE)}`;
  };
  // Error bursts on a few days, never the first (the demo should start calm).
  const planRng = createRng(seed, 0xb0a5);
  const burstCount = Math.min(days - 1, Math.max(2, Math.round(days / rates.logs.daysPerErrorBurst)));
  const bursts = new Map<number, { component: FailingComponent; from: number; to: number }>();
  for (let i = 0; i < burstCount; i++) {
    let d = 1 + planRng.int(days - 1);
    while (bursts.has(d)) d = 1 + (d % (days - 1));
    const from = (9 + planRng.int(12)) * HOUR + planRng.int(HOUR);
    bursts.set(d, { component: planRng.pick(FAILING_COMPONENTS), from, to: from + (20 + planRng.int(70)) * MINUTE });
  }

  const stats = emptyDemoStats();
  const endOfWindow = days * DAY - 1;

  // Per-day state, reset by simulateDay.
  let rng: Rng = createRng(seed);
  let dayIndex = 0;
  let dayStart = 0;
  let orderSeq = 0;
  let eventSeq = 0;
  let sessionSeq = 0;
  let logSeq = 0;
  let dayText = '';
  let deferred: DeferredRow[] = [];
  let taskKind = new Int32Array(1 << 14);
  let taskTime = new Int32Array(1 << 14);
  let taskCount = 0;
  const trStatus: number[] = [];
  const trTime: number[] = [];

  const plain = (values: readonly string[]) => values.map((v) => encodePlain(v, format));
  const eventTypeBytes = plain(EVENT_TYPES);
  const channelBytes = plain(CHANNELS);
  const orderTypeBytes = plain(ORDER_TYPES);
  const statusBytes = plain(ORDER_STATUSES);
  const eventCounts = new Float64Array(EVENT_TYPES.length);
  let eventPrefix: Uint8Array = new Uint8Array(0);
  let sessionPrefix: Uint8Array = new Uint8Array(0);
  let orderPrefix: Uint8Array = new Uint8Array(0);
  let logPrefix: Uint8Array = new Uint8Array(0);
  const provinceBytes = CN_CITIES.map((ref) => encodeText(ref.province.name, format));
  const cityBytes = CN_CITIES.map((ref) => encodeText(ref.city.name, format));
  const cityOf = (index: number) => CN_CITIES[index] as (typeof CN_CITIES)[number];
  const venueOf = (product: DemoProduct) => catalog.venues[product.venueIndex] as DemoVenue;

  function addTask(kind: number, t: number): void {
    if (taskCount === taskKind.length) {
      const kinds = new Int32Array(taskKind.length * 2);
      kinds.set(taskKind);
      taskKind = kinds;
      const times = new Int32Array(taskTime.length * 2);
      times.set(taskTime);
      taskTime = times;
    }
    taskKind[taskCount] = kind;
    taskTime[taskCount] = t;
    taskCount++;
  }

  const { lifecycle, lastActiveDay } = users;
  const stage = LIFECYCLE_MODEL.stageWeight;
  const { newDays, returningDays } = LIFECYCLE_MODEL;

  /** Draws a user active on the current day (see UserPopulation.anywhere), or -1 after many misses. */
  function pickUser(provinceIndex: number, localShare: number): number {
    // Never index with -1: a negative index is a slow dictionary lookup in V8.
    const local = provinceIndex >= 0 ? users.byProvince[provinceIndex] : undefined;
    const d = dayIndex;
    for (let attempt = 0; attempt < 64; attempt++) {
      const u = local !== undefined && rng.next() < localShare ? local.sample(rng) : users.anywhere.sample(rng);
      const k = u * LIFECYCLE_STRIDE;
      const activated = lifecycle[k] as number;
      if (d < activated) continue;
      let w: number;
      if (d < activated + newDays) w = stage.new;
      else if (d < (lifecycle[k + 1] as number)) w = stage.active;
      else if (d < (lifecycle[k + 2] as number)) w = stage.lapsing;
      else {
        const back = lifecycle[k + 3] as number;
        w = d < back ? stage.churned : d < back + returningDays ? stage.returning : stage.active;
      }
      if (rng.next() * (lifecycle[k + 4] as number) < w * 1000) {
        lastActiveDay[u] = d;
        return u;
      }
    }
    return -1;
  }

  const channelOf = (u: number): number => (rng.next() < 0.9 ? (users.channel[u] as number) : rng.int(CHANNELS.length));

  function event(
    u: number,
    session: number,
    type: number,
    t: number,
    product: DemoProduct | undefined,
    venue: DemoVenue | undefined,
    query: string | null,
    channel: number,
    cityIndex: number,
  ): void {
    const w = eventWriter;
    w.prefixedId(eventPrefix, ++eventSeq, 8).id(U, u + 1, 8);
    if (session > 0) w.prefixedId(sessionPrefix, session, 7);
    else w.nul();
    w.bytes(eventTypeBytes[type] as Uint8Array).timestamp(t);
    // Ids are written from their numbers: no lookups into per-product tables that miss the cache.
    if (product) w.id(P, product.index + 1, 6);
    else w.nul();
    const v = venue ? venue.index : product ? product.venueIndex : -1;
    if (v >= 0) w.id(V, v + 1, 5);
    else w.nul();
    if (query !== null) w.name(query);
    else w.nul();
    if (channel >= 0) w.bytes(channelBytes[channel] as Uint8Array);
    else w.nul();
    w.bytes(provinceBytes[cityIndex] as Uint8Array)
      .bytes(cityBytes[cityIndex] as Uint8Array)
      .end();
    eventCounts[type] = (eventCounts[type] as number) + 1;
  }

  function searchQuery(product: DemoProduct): string {
    if (product.kind === 'goods') return rng.next() < 0.7 ? product.keyword : product.category;
    const venue = venueOf(product);
    return rng.next() < 0.5 ? venue.name : `${cityOf(venue.cityIndex).city.name}${rng.pick(SEARCH_WORDS)}`;
  }

  /** The steps of a session that ends in checkout at time `end`. */
  function convertingSession(u: number, product: DemoProduct, end: number, channel: number): void {
    const s = rates.session;
    const session = ++sessionSeq;
    stats.sessions++;
    stats.convertingSessions++;
    const city = users.cityIndex[u] as number;
    const login = (channel === APP || channel === MOBILE) && rng.next() < s.login;
    const search = rng.next() < s.search;
    const click = rng.next() < s.click;
    const cart = product.kind === 'goods' && rng.next() < s.addToCartGoods;
    const steps = 2 + (login ? 1 : 0) + (search ? 1 : 0) + (click ? 1 : 0) + (cart ? 1 : 0);
    let t = Math.max(dayStart, end - steps * (20 + rng.int(100)));
    if (login) {
      event(u, session, LOGIN, t, undefined, undefined, null, channel, city);
      t = Math.min(end, t + 15 + rng.int(90));
    }
    if (search) {
      event(u, session, SEARCH, t, undefined, undefined, searchQuery(product), channel, city);
      t = Math.min(end, t + 15 + rng.int(90));
    }
    event(u, session, VIEW, t, product, undefined, null, channel, city);
    t = Math.min(end, t + 15 + rng.int(90));
    if (click) {
      event(u, session, CLICK, t, product, undefined, null, channel, city);
      t = Math.min(end, t + 15 + rng.int(90));
    }
    if (cart) event(u, session, ADD_TO_CART, t, product, undefined, null, channel, city);
    event(u, session, CHECKOUT, end, product, undefined, null, channel, city);
  }

  function quantityFor(product: DemoProduct): number {
    const r = rng.next();
    const q = product.kind === 'ticket' ? (r < 0.4 ? 1 : r < 0.8 ? 2 : r < 0.92 ? 3 : 4) : r < 0.75 ? 1 : r < 0.93 ? 2 : 3;
    return Math.min(q, product.maxQuantity);
  }

  function addressOf(u: number): string {
    const ref = cityOf(users.cityIndex[u] as number);
    const cityPart = ref.city.name === ref.province.name ? '' : `${ref.city.name}${PREFECTURES.has(ref.city.name) ? '州' : '市'}`;
    return `${ref.province.fullName}${cityPart}${rng.pick(ref.city.districts)}${rng.pick(STREETS)}${1 + rng.int(999)}号${1 + rng.int(30)}栋${1 + rng.int(30)}0${1 + rng.int(6)}室`;
  }

  /** Encodes the order row showing state k of the current transition list. */
  function orderRow(
    seq: number,
    u: number,
    product: DemoProduct,
    paid: number,
    quantity: number,
    amount: number,
    address: string | null,
    orderType: number,
    channel: number,
    note: string | null,
    k: number,
  ): void {
    const status = trStatus[k] as number;
    const at = trTime[k] as number;
    const w = orderWriter;
    w.prefixedId(orderPrefix, seq, 7)
      .id(U, u + 1, 8)
      .timestamp(trTime[0] as number);
    if (paid >= 0 && paid <= at) w.timestamp(paid);
    else w.nul();
    w.id(P, product.index + 1, 6)
      .id(V, product.venueIndex + 1, 5)
      .int(quantity)
      .dec(amount);
    if (address !== null) w.text(address);
    else w.nul();
    w.bytes(orderTypeBytes[orderType] as Uint8Array)
      .bytes(channelBytes[channel] as Uint8Array)
      .bytes(statusBytes[status] as Uint8Array)
      .bool(status === CANCELLED);
    if (note !== null) w.name(note);
    else w.nul();
    w.timestamp(at).end();
  }

  /**
   * Writes an order whose state changes are in trStatus/trTime: usually one row with its state as of
   * the end of the window, sometimes a first row now and later rows on the days the state changes.
   */
  function order(u: number, product: DemoProduct, orderType: number, channel: number, address: string | null, paid: number): void {
    const created = trTime[0] as number;
    if (created <= endOfWindow) {
      const seq = ++orderSeq;
      const quantity = quantityFor(product);
      const discount = rng.next() < rates.discountShare ? rng.range(0.8, 0.95) : 1;
      const amount = Math.round(product.price * quantity * discount * 100) / 100;
      const note = rng.next() < rates.notedOrderShare ? rng.pick(ORDER_NOTES) : null;
      let last = trStatus.length - 1;
      while (last > 0 && (trTime[last] as number) > endOfWindow) last--;
      stats.droppedLaterStates += trStatus.length - 1 - last;
      stats.orders++;
      stats.finalStatus[ORDER_STATUSES[trStatus[last] as number] as OrderStatus]++;
      if (last > 0 && rng.next() < rates.updateRowShare) {
        const first = last >= 2 && rng.next() < 0.3 ? 1 : 0;
        orderRow(seq, u, product, paid, quantity, amount, address, orderType, channel, note, first);
        stats.ordersWithUpdates++;
        const every = rng.next() < rates.updateEveryStateShare;
        for (let k = every ? first + 1 : last; k <= last; k++) {
          const mark = orderWriter.mark();
          orderRow(seq, u, product, paid, quantity, amount, address, orderType, channel, note, k);
          deferred.push({ due: Math.max(dayIndex, Math.floor((trTime[k] as number) / DAY)), row: orderWriter.cut(mark) });
          stats.updateRows++;
        }
      } else {
        orderRow(seq, u, product, paid, quantity, amount, address, orderType, channel, note, last);
      }
    }
    trStatus.length = 0;
    trTime.length = 0;
  }

  const transition = (status: number, t: number): void => {
    trStatus.push(status);
    trTime.push(t);
  };

  /** An order abandoned before payment and cancelled by the system 15-30 minutes later. */
  function abandonedOrder(u: number, product: DemoProduct, created: number, orderType: number, channel: number): void {
    const at = Math.max(dayStart, created);
    transition(PENDING_PAYMENT, at);
    transition(CANCELLED, at + 15 * MINUTE + rng.int(15 * MINUTE));
    stats.ordersByKind.abandoned++;
    order(u, product, orderType, channel, null, -1);
  }

  function visit(venue: DemoVenue, t: number): void {
    const u = pickUser(venue.provinceIndex, rates.localVisitorShare[venue.type]);
    if (u < 0) return;
    stats.visits++;
    if (rng.next() < rates.orderShareOfVisits[venue.type]) {
      const channel = channelOf(u);
      if (venue.ticketTable) {
        const product = catalog.products[venue.tickets[venue.ticketTable.sample(rng)] as number] as DemoProduct;
        const created = Math.max(dayStart, t - 5 * MINUTE - rng.int(4 * HOUR));
        const orderType = rng.next() < rates.ticketPhoneShare ? PHONE : ONLINE;
        if (rng.next() < rates.abandonedAttemptRate)
          abandonedOrder(u, product, created - 5 * MINUTE - rng.int(15 * MINUTE), orderType, channel);
        if (rng.next() < rates.refundRate.ticket) {
          // A ticket bought for the wrong slot and refunded; the visitor bought again.
          const before = Math.max(dayStart, created - 10 * MINUTE - rng.int(2 * HOUR));
          const paidBefore = before + 10 + rng.int(300);
          transition(PENDING_PAYMENT, before);
          transition(PENDING_SHIPMENT, paidBefore);
          transition(REFUNDED, paidBefore + 30 * MINUTE + rng.int(20 * HOUR));
          stats.ordersByKind.refundedTicket++;
          order(u, product, orderType, channel, null, paidBefore);
        }
        convertingSession(u, product, created, channel);
        const paid = created + 10 + rng.int(300);
        transition(PENDING_PAYMENT, created);
        transition(PENDING_SHIPMENT, paid);
        transition(COMPLETED, Math.max(t, paid + 60));
        stats.ordersByKind.ticket++;
        order(u, product, orderType, channel, null, paid);
      } else if (venue.goods.length > 0) {
        const product = catalog.products[venue.goods[rng.int(venue.goods.length)] as number] as DemoProduct;
        if (rng.next() < rates.storePickupShare) {
          const created = Math.max(dayStart, t - 10 * MINUTE - rng.int(6 * HOUR));
          convertingSession(u, product, created, channel);
          const paid = created + 10 + rng.int(300);
          transition(PENDING_PAYMENT, created);
          transition(PENDING_SHIPMENT, paid);
          transition(COMPLETED, Math.max(t + 2 * MINUTE, paid + 60));
          if (rng.next() < rates.refundRate.store) transition(REFUNDED, t + HOUR + rng.int(3 * DAY));
          stats.ordersByKind.store++;
          order(u, product, PICKUP, channel, null, paid);
        } else {
          const created = Math.min(dayStart + DAY - 120, t + 5 * MINUTE + rng.int(40 * MINUTE));
          if (rng.next() < rates.abandonedAttemptRate) abandonedOrder(u, product, created - 2 * MINUTE, ONLINE, channel);
          const session = ++sessionSeq;
          stats.sessions++;
          stats.convertingSessions++;
          event(u, session, CHECKOUT, created, product, undefined, null, channel, venue.cityIndex);
          const paid = created + 5 + rng.int(55);
          transition(PENDING_PAYMENT, created);
          transition(COMPLETED, paid);
          if (rng.next() < rates.refundRate.store) transition(REFUNDED, paid + HOUR + rng.int(3 * DAY));
          stats.ordersByKind.store++;
          order(u, product, ONLINE, channel, null, paid);
        }
      }
    }
    event(u, 0, VISIT, t, undefined, venue, null, NO_CHANNEL, venue.cityIndex);
  }

  function onlineOrder(created: number): void {
    const u = pickUser(-1, 0);
    if (u < 0) return;
    const product = catalog.products[catalog.onlineGoods[catalog.onlineGoodsTable.sample(rng)] as number] as DemoProduct;
    const channel = channelOf(u);
    convertingSession(u, product, created, channel);
    transition(PENDING_PAYMENT, created);
    let paid = -1;
    if (rng.next() < rates.onlineUnpaidCancelRate) {
      transition(CANCELLED, created + 15 * MINUTE + rng.int(15 * MINUTE));
    } else {
      paid = created + 10 + rng.int(15 * MINUTE);
      transition(PENDING_SHIPMENT, paid);
      if (rng.next() < rates.paidCancelRate) {
        transition(CANCELLED, paid + HOUR + rng.int(29 * HOUR));
      } else {
        const shipped = paid + 4 * HOUR + rng.int(44 * HOUR);
        const completed = shipped + 2 * DAY + rng.int(6 * DAY);
        transition(SHIPPED, shipped);
        transition(COMPLETED, completed);
        if (rng.next() < rates.refundRate.goods) transition(REFUNDED, completed + DAY + rng.int(6 * DAY));
      }
    }
    const orderType = rng.next() < 0.02 ? PHONE : ONLINE;
    stats.ordersByKind.online++;
    order(u, product, orderType, channel, addressOf(u), paid);
  }

  function browseSession(start: number): void {
    const u = pickUser(-1, 0);
    if (u < 0) return;
    const b = rates.browse;
    const session = ++sessionSeq;
    stats.sessions++;
    const channel = channelOf(u);
    const city = users.cityIndex[u] as number;
    let t = start;
    const last = dayStart + DAY - 1;
    const product = catalog.products[catalog.browseTable.sample(rng)] as DemoProduct;
    if ((channel === APP || channel === MOBILE) && rng.next() < rates.session.login) {
      event(u, session, LOGIN, t, undefined, undefined, null, channel, city);
      t = Math.min(last, t + 10 + rng.int(120));
    }
    if (rng.next() < b.search) {
      event(u, session, SEARCH, t, undefined, undefined, searchQuery(product), channel, city);
      t = Math.min(last, t + 10 + rng.int(120));
    }
    const views = 1 + rng.int(b.maxViews);
    for (let i = 0; i < views; i++) {
      const viewed = i === 0 ? product : (catalog.products[catalog.browseTable.sample(rng)] as DemoProduct);
      event(u, session, VIEW, t, viewed, undefined, null, channel, city);
      t = Math.min(last, t + 10 + rng.int(120));
    }
    if (rng.next() < b.click) {
      event(u, session, CLICK, t, product, undefined, null, channel, city);
      t = Math.min(last, t + 10 + rng.int(120));
    }
    if (rng.next() < b.favorite) {
      event(u, session, FAVORITE, t, product, undefined, null, channel, city);
      t = Math.min(last, t + 10 + rng.int(120));
    }
    if (rng.next() < b.share) {
      event(u, session, SHARE, t, product, undefined, null, channel, city);
      t = Math.min(last, t + 10 + rng.int(120));
    }
    if (rng.next() < b.addToCart) event(u, session, ADD_TO_CART, t, product, undefined, null, channel, city);
  }

  function logContext(): LogContext {
    const u = rng.int(users.size);
    const ref = cityOf(users.cityIndex[u] as number);
    const product = catalog.products[rng.int(catalog.products.length)] as DemoProduct;
    return {
      userId: `U${String(u + 1).padStart(8, '0')}`,
      productId: product.id,
      venueId: venueOf(product).id,
      orderId: `O${dayText}${String(1 + rng.int(Math.max(1, orderSeq))).padStart(7, '0')}`,
      channel: CHANNELS[users.channel[u] as number] ?? 'app',
      province: ref.province.name,
      city: ref.city.name,
    };
  }

  function logLine(type: string, source: string, rendered: RenderedLog, t: number): void {
    const [level, message] = rendered;
    logWriter.prefixedId(logPrefix, ++logSeq, 7).ascii(type).ascii(level).text(message).timestamp(t).ascii(source).end();
    stats.logsByLevel[level] = (stats.logsByLevel[level] ?? 0) + 1;
  }

  function simulateLogs(hours: AliasTable, events: number): void {
    const l = rates.logs;
    const api = rng.poisson(l.baselinePerDay + l.apiRequestsPerEvent * events);
    const actions = rng.poisson(l.userActionsPerEvent * events + 4);
    const background = rng.poisson(l.backgroundErrorsPerDay);
    const burst = bursts.get(dayIndex);
    const errors = burst ? 60 + rng.poisson(0.3 * api) : 0;
    // Plan every line's time first, then write them in time order.
    const total = api + actions + background + errors;
    const times = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      const kind = i < api ? 0 : i < api + actions ? 1 : i < api + actions + background ? 2 : 3;
      const t =
        kind < 2
          ? dayStart + hours.sample(rng) * HOUR + rng.int(HOUR)
          : kind === 2
            ? dayStart + rng.int(DAY)
            : dayStart + (burst?.from ?? 0) + rng.int((burst?.to ?? 1) - (burst?.from ?? 0));
      times[i] = t * 4 + kind;
    }
    times.sort();
    for (let i = 0; i < total; i++) {
      const kind = (times[i] as number) % 4;
      const t = ((times[i] as number) - kind) / 4;
      if (kind === 0) logLine('api_request', 'api', renderApiRequest(rng, logContext()), t);
      else if (kind === 1) logLine('user_action', 'client', renderUserAction(rng, logContext()), t);
      else if (kind === 2) logLine('system_error', 'server', renderBackgroundError(rng, logContext()), t);
      else logLine('system_error', 'server', renderComponentError(rng, burst?.component ?? 'order-db', logContext()), t);
    }
    if (burst) stats.burstErrors[String(dayIndex)] = errors;
  }

  function writeWeather(date: number): void {
    const today = weather.today;
    for (const ref of CN_CITIES) {
      const i = ref.index;
      weatherWriter
        .date(date)
        .name(ref.province.name)
        .name(ref.city.name)
        .dec(today.tempMax[i] as number)
        .dec(today.tempMin[i] as number)
        .dec(today.precipitation[i] as number)
        .ascii(WEATHER_CONDITIONS[today.condition[i] as number] as string)
        .end();
    }
  }

  function simulateDay(index: number): DemoDayOutput {
    dayIndex = index;
    dayStart = index * DAY;
    const dayNumber = firstDayNumber + index;
    const day = describeDemandDay(dayNumber, firstDayNumber);
    rng = createRng(mixSeed(seed, 0xda7, dayNumber));
    dayText = day.date.replaceAll('-', '');
    eventPrefix = encodePlain(`E${dayText}`, 'csv');
    sessionPrefix = encodePlain(`S${dayText}`, 'csv');
    orderPrefix = encodePlain(`O${dayText}`, 'csv');
    logPrefix = encodePlain(`L${dayText}`, 'csv');
    orderSeq = 0;
    eventSeq = 0;
    sessionSeq = 0;
    logSeq = 0;
    taskCount = 0;
    deferred = [];
    const rowsBefore = { orders: orderWriter.rows, events: eventWriter.rows, logs: logWriter.rows, weather: weatherWriter.rows };

    weather.step(day);
    writeWeather(index);

    // Plan: every visit, online order and browsing session of the day, with its time.
    const mass = massByDay[index] as number;
    const calendar = new Map<DemandKind, number>(DEMAND_KINDS.map((k) => [k, calendarFactor(k, day)]));
    for (const venue of catalog.venues) {
      const condition = WEATHER_CONDITIONS[weather.today.condition[venue.cityIndex] as number] as string;
      const tempMax = weather.today.tempMax[venue.cityIndex] as number;
      const expectedDry = rates.visitsPerActivityDay * mass * venue.share * (calendar.get(venue.type) as number);
      let n = rng.poisson(expectedDry * weatherFactor(venue.type, condition, tempMax));
      if (n > venue.capacityPerDay) {
        n = venue.capacityPerDay;
        stats.cappedVenueDays++;
      }
      const hours = hourTables.get(venue.type) as AliasTable;
      for (let i = 0; i < n; i++) addTask(venue.index, dayStart + hours.sample(rng) * HOUR + rng.int(HOUR));
      if (venue.type === 'scenic_spot' || venue.type === 'theme_park') {
        const wet = condition === 'rain' || condition === 'heavy_rain';
        const dry = condition === 'sunny' || condition === 'cloudy' || condition === 'overcast';
        const bucket = wet ? stats.outdoorVisits.wet : dry ? stats.outdoorVisits.dry : undefined;
        if (bucket) {
          bucket.venueDays++;
          bucket.visits += n;
          bucket.expectedWithoutWeather += expectedDry;
        }
      }
    }
    const online = hourTables.get('online') as AliasTable;
    const onlineFactor = calendar.get('online') as number;
    const onlineOrders = rng.poisson(rates.onlineOrdersPerActivityDay * mass * onlineFactor);
    for (let i = 0; i < onlineOrders; i++) addTask(ONLINE_TASK, dayStart + online.sample(rng) * HOUR + rng.int(HOUR));
    const browsing = rng.poisson(rates.browseSessionsPerActivityDay * mass * onlineFactor);
    for (let i = 0; i < browsing; i++) addTask(BROWSE_TASK, dayStart + online.sample(rng) * HOUR + rng.int(HOUR));

    // Carry the plan out hour by hour (a counting sort on the hour keeps it cheap).
    const hourStart = new Int32Array(25);
    for (let i = 0; i < taskCount; i++) (hourStart[(((taskTime[i] as number) - dayStart) / HOUR) | 0] as number)++;
    for (let h = 24, sum = taskCount; h >= 0; h--) {
      sum -= hourStart[h] as number;
      hourStart[h] = sum;
    }
    const order = new Int32Array(taskCount);
    const fill = hourStart.slice();
    for (let i = 0; i < taskCount; i++) {
      const h = (((taskTime[i] as number) - dayStart) / HOUR) | 0;
      order[fill[h] as number] = i;
      fill[h] = (fill[h] as number) + 1;
    }
    const visitsBefore = stats.visits;
    for (let k = 0; k < taskCount; k++) {
      const i = order[k] as number;
      const kind = taskKind[i] as number;
      const t = taskTime[i] as number;
      if (kind >= 0) visit(catalog.venues[kind] as DemoVenue, t);
      else if (kind === ONLINE_TASK) onlineOrder(t);
      else browseSession(t);
    }
    const byType = stats.visitsByDayType[day.type];
    byType.days++;
    byType.visits += stats.visits - visitsBefore;

    simulateLogs(online, eventWriter.rows - rowsBefore.events);
    for (let i = 0; i < EVENT_TYPES.length; i++) {
      const name = EVENT_TYPES[i] as string;
      if ((eventCounts[i] as number) > 0) stats.eventsByType[name] = (stats.eventsByType[name] ?? 0) + (eventCounts[i] as number);
      eventCounts[i] = 0;
    }
    return {
      index,
      date: day.date,
      weather: weatherWriter.take(),
      orders: orderWriter.take(),
      events: eventWriter.take(),
      logs: logWriter.take(),
      rows: {
        weather: weatherWriter.rows - rowsBefore.weather,
        orders: orderWriter.rows - rowsBefore.orders,
        events: eventWriter.rows - rowsBefore.events,
        logs: logWriter.rows - rowsBefore.logs,
      },
      deferred,
    };
  }

  return {
    firstDate: fromDayNumber(firstDayNumber),
    users,
    catalog,
    stats,
    dates,
    simulateDay,
    skipDay(index) {
      weather.step(describeDemandDay(firstDayNumber + index, firstDayNumber));
    },
    errorBursts(all) {
      return [...bursts.entries()]
        .sort(([a], [b]) => a - b)
        .map(([d, burst]) => ({
          date: fromDayNumber(firstDayNumber + d),
          start: clock(burst.from),
          end: clock(burst.to),
          component: burst.component,
          errors: all.burstErrors[String(d)] ?? 0,
        }));
    },
    createWriter,
  };
}
