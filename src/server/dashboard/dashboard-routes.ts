/**
 * Serves the dashboard next to the API: built files under /assets, and index.html for every other
 * GET outside /api, so each page's URL (with its filters) can be opened, reloaded and shared. The
 * page decides what it shows, including "no such page".
 */
import { Hono, type Context } from 'hono';
import type { DashboardAsset, DashboardAssets } from './dashboard-assets.ts';
import { ApiError } from '../api-error.ts';

function send(c: Context, asset: DashboardAsset): Response {
  const gzip = asset.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  return c.body((gzip ? asset.gzip! : asset.body) as Uint8Array<ArrayBuffer>, 200, headers);
}

export function dashboardRoutes(assets: DashboardAssets): Hono {
  return new Hono().on(['GET', 'HEAD'], '*', (c) => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) throw new ApiError(404, 'not_found', `no route for ${c.req.method} ${path}`);
    const file = assets.get(path);
    if (file) return send(c, file);
    // A missing built file is a 404 (a stale tab asking for an old chunk), not the page.
    if (path.startsWith('/assets/')) throw new ApiError(404, 'not_found', `no dashboard file ${path}`);
    return send(c, assets.index);
  });
}
