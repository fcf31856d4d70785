/**
 * The dashboard's pages, each loaded on first visit so the first view carries only its own code.
 * The server serves index.html for exactly these paths (see src/server/dashboard/dashboard-routes.ts).
 */
import type { ComponentType } from 'preact';
import { prefetchOverview, type OverviewOpening } from '../overview/overview-requests.ts';

/** What a page opens with: the shell's context and the URL's parameters. */
export type PageOpening = OverviewOpening;

export interface PageEntry {
  readonly path: string;
  /** Key of the page's name in the shell's words. */
  readonly name: 'overview' | 'time' | 'region' | 'profiles' | 'forecast' | 'orders' | 'logs' | 'alerts' | 'data';
  readonly load: () => Promise<{ default: ComponentType }>;
  /**
   * Asks for what the page asks for when it opens, while its code loads (the first view's pages
   * only: a page's chunk and its data then travel together instead of one after the other).
   */
  readonly prefetch?: (opening: PageOpening) => void;
}

export const PAGES: readonly PageEntry[] = [
  { path: '/', name: 'overview', load: () => import('./overview-page.tsx'), prefetch: prefetchOverview },
  { path: '/time', name: 'time', load: () => import('./time-page.tsx') },
  { path: '/region', name: 'region', load: () => import('./region-page.tsx') },
  { path: '/forecast', name: 'forecast', load: () => import('./forecast-page.tsx') },
  { path: '/profiles', name: 'profiles', load: () => import('./profiles-page.tsx') },
  { path: '/orders', name: 'orders', load: () => import('./orders-page.tsx') },
  { path: '/logs', name: 'logs', load: () => import('./logs-page.tsx') },
  { path: '/alerts', name: 'alerts', load: () => import('./alerts-page.tsx') },
  { path: '/data', name: 'data', load: () => import('./data-page.tsx') },
];
