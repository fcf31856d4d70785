/**
 * The profiles page (/profiles) in Debian's Chromium on the real `flowsight serve` with demo data,
 * once the server has computed the profiles in the background: KPIs and distributions cross-checked
 * with the API, a field change reaching the URL and the chart, the home-province filter, the
 * lifecycle flow, a segment built row by row (live count = the API's preview, saved, exported as a
 * CSV of that many user ids), a rule the server refuses explained in words, the lookup of a user from
 * the preview, and the language switch.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, saveScreenshot, waitForDashboard, chartTableRows } from '../support/browser.ts';
import { businessDay, type DashboardServer } from '../support/dashboard-server.ts';
import { openDashboardSession, type DashboardSession } from '../support/dashboard-session.ts';
import { runCli } from '../support/run-cli.ts';

interface Distribution {
  users: number;
  missing: number;
  buckets: { value: string; users: number }[];
}
interface Summary {
  computed: boolean;
  users: number;
}

const zh = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const count = (text: string) => Number(text.replace(/[^\d]/g, ''));

describeInBrowser('the profiles page in a browser', () => {
  let session: DashboardSession | undefined;
  let server: DashboardServer;
  let page: Page;
  let errors: string[];
  const api = <T>(path: string, init?: RequestInit) => server.api<T>(path, init);
  const preview = (rules: unknown[]) =>
    api<{ users: number; sample: { user_id: string }[] }>('/segments/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });

  const open = async (query: string) => {
    await page.goto(`${server.url}/profiles${query}`);
    await waitForDashboard(page, 60_000);
  };
  const param = (name: string) => new URL(page.url()).searchParams.get(name);

  beforeAll(async () => {
    session = await openDashboardSession(async (started) => {
      // `flowsight serve` computes profiles in the background after refreshing the forecasts; rather than
      // wait for that, do what the page tells users to do (the command goes through the running server).
      const computed = await runCli(['profiles', 'compute', '--db', started.db]);
      expect(computed.code, computed.stderr).toBe(0);
      const deadline = Date.now() + 150_000;
      for (;;) {
        const summary = (await (await fetch(`${started.url}/api/v1/profile-insights/summary`)).json()) as Summary;
        if (summary.computed && summary.users > 0) break;
        if (Date.now() > deadline) throw new Error('the server did not compute profiles in time');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    });
    ({ server, page, errors } = session);
  }, 240_000);
  afterAll(async () => {
    await session?.close();
  });

  it('shows the headline numbers and a distribution whose rows add up to the users profiled', async () => {
    await open('');
    const summary = await api<Summary>('/profile-insights/summary');
    expect(await page.locator('[data-kpi="users"] .kpi-value').innerText()).toBe(zh.format(summary.users));
    for (const id of ['active', 'at-risk', 'churned', 'expected-purchases'])
      expect(await page.locator(`[data-kpi="${id}"] .kpi-value`).innerText()).toMatch(/\d/);

    const lifecycle = await api<Distribution>('/profiles/distribution?field=lifecycle');
    expect(lifecycle.users).toBe(summary.users);
    const rows = await chartTableRows(page.locator('[data-card="profile-distribution-lifecycle"]'));
    expect(rows.reduce((sum, cells) => sum + count(cells[1]!), 0)).toBe(lifecycle.users);
    expect(rows.map((cells) => count(cells[1]!)).sort((a, b) => a - b)).toEqual(
      lifecycle.buckets.map((b) => b.users).sort((a, b) => a - b),
    );
    expect(rows.map((cells) => cells[0])).toContain('流失风险');
    await saveScreenshot(page, 'profiles');
    expect(errors).toEqual([]);
  }, 60_000);

  it('changes the field in the URL and the chart, and narrows to the home province chosen', async () => {
    await open('');
    await page.selectOption('select[name="pfield"]', 'spending_tier');
    await page.waitForFunction("new URL(location.href).searchParams.get('pfield') === 'spending_tier'");
    const tiers = await api<Distribution>('/profile-insights/distribution?field=spending_tier');
    const rows = await chartTableRows(page.locator('[data-card="profile-distribution-spending_tier"]'));
    expect(rows.map((cells) => cells[0])).toEqual(['1', '2', '3', '4', '5', '无此项']);
    expect(rows.map((cells) => count(cells[1]!))).toEqual([...tiers.buckets.map((b) => b.users), tiers.missing]);

    // The filter bar lists the provinces with venues; take the largest home province among them.
    const offered = await page
      .locator('select[name="province"] option')
      .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    const province = (await api<Distribution>('/profiles/distribution?field=province')).buckets.find((b) => offered.includes(b.value));
    expect(province).toBeDefined();
    await page.selectOption('select[name="province"]', province!.value);
    expect(param('province')).toBe(province!.value);
    expect(param('pfield')).toBe('spending_tier');
    await page.locator(`[data-kpi="users"] .kpi-value:text-is("${zh.format(province!.users)}")`).waitFor();
    const inProvince = await api<Distribution>(
      `/profile-insights/distribution?field=spending_tier&where=${encodeURIComponent(`province=${province!.value}`)}`,
    );
    // The table shows the province's users, tier by tier, once the new answer is in.
    const card = page.locator('[data-card="profile-distribution-spending_tier"]');
    await expect
      .poll(async () => (await chartTableRows(card)).map((cells) => count(cells[1]!)), { timeout: 10_000 })
      .toEqual([...inProvince.buckets.map((b) => b.users), ...(inProvince.missing > 0 ? [inProvince.missing] : [])]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('follows the lifecycle flow over the period, by tab in the URL', async () => {
    await open('');
    await page.click('[data-tab="flow"]');
    expect(param('ptab')).toBe('flow');
    // The default period: the last 30 days, followed week by week.
    const flow = await api<{ period: { transitions: { users: number }[] }; snapshots: { users: number }[] }>(
      `/profile-insights/lifecycle-flow?from=${businessDay(-29)}&to=${server.today}&grain=week`,
    );
    const summary = await api<Summary>('/profile-insights/summary');
    expect(flow.snapshots.at(-1)!.users).toBe(summary.users);
    const rows = await chartTableRows(page.locator('[data-card="profile-lifecycle-flow"]'));
    expect(rows.reduce((sum, cells) => sum + count(cells[2]!), 0)).toBe(summary.users);
    expect(rows.map((cells) => count(cells[2]!))).toEqual(flow.period.transitions.map((t) => t.users));
    await page.locator('[data-card="profile-lifecycle-stages"] canvas').waitFor();
    await saveScreenshot(page, 'profiles-lifecycle');
    expect(errors).toEqual([]);
  }, 60_000);

  it('counts a segment as it is built, saves it, and exports that many user ids', async () => {
    await open('?ptab=segments');
    await page.click('button.add-rule');
    await page.click('[data-rule="0"] button[data-value="at_risk"]');
    await page.click('[data-rule="0"] button[data-value="churned"]');
    await page.click('button.add-rule');
    await page.selectOption('select[name="rule-field-1"]', 'spending_tier');
    await page.selectOption('select[name="rule-op-1"]', 'gte');
    await page.fill('input[name="rule-value-1"]', '3');
    const expected = await preview([
      { field: 'lifecycle', op: 'in', values: ['at_risk', 'churned'] },
      { field: 'spending_tier', op: 'gte', values: ['3'] },
    ]);
    expect(expected.users).toBeGreaterThan(0);
    await page.locator(`[data-segment-count="${expected.users}"]`).waitFor();
    expect(param('prules')).toBe('lifecycle:in:at_risk,churned;spending_tier:gte:3');
    const firstUser = expected.sample[0]!.user_id;
    await page.locator(`a[data-user-id="${firstUser}"]`).waitFor();

    await page.fill('input[name="segment-name"]', '高价值流失风险');
    await page.click('.segment-save button[type="submit"]');
    const saved = page.locator('[data-segment="高价值流失风险"]');
    await saved.locator(`[data-segment-size="${expected.users}"]`).waitFor();
    // The filter bar lists the new segment at once, without a reload.
    await expect
      .poll(() => page.locator('select[name="segment"] option').allTextContents(), { timeout: 5_000 })
      .toContain('高价值流失风险');
    await saveScreenshot(page, 'profiles-segment');

    const [download] = await Promise.all([page.waitForEvent('download'), saved.locator('a[download]').click()]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('user_id');
    expect(lines.slice(1)).toHaveLength(expected.users);
    expect(lines).toContain(firstUser);
    expect(errors).toEqual([]);
  }, 60_000);

  it('says in words why the server refuses a rule', async () => {
    await open(`?ptab=segments&prules=${encodeURIComponent('spending_tier:gte:lots')}`);
    await page.locator('.rule-error').waitFor();
    expect(await page.locator('.rule-error').innerText()).toContain('spending_tier takes numbers, got "lots"');
    // The refusal is the answer shown, not a console error of the page.
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes('/segments/preview')));
    expect(errors).toEqual([]);
  }, 30_000);

  it('looks up a user from the preview and shows their lifecycle stage, and says when there is no such user', async () => {
    const [user] = (await preview([{ field: 'lifecycle', op: 'in', values: ['growing'] }])).sample;
    await open(`?ptab=segments&prules=${encodeURIComponent('lifecycle:in:growing')}`);
    await page.click(`a[data-user-id="${user!.user_id}"]`);
    expect(param('ptab')).toBe('user');
    expect(param('uid')).toBe(user!.user_id);
    const profile = await api<{ profile: { lifecycle: string } }>(`/profiles/${user!.user_id}`);
    expect(profile.profile.lifecycle).toBe('growing');
    const badge = page.locator(`[data-user="${user!.user_id}"] [data-lifecycle]`);
    await badge.waitFor();
    expect(await badge.getAttribute('data-lifecycle')).toBe('growing');
    expect(await badge.innerText()).toBe('成长');
    // The rebuilt timeline ends in the stage the profile holds.
    expect(await page.locator('[data-stage-timeline] li').last().getAttribute('data-stage')).toBe('growing');
    await saveScreenshot(page, 'profiles-user');

    await open('?ptab=user&uid=nobody');
    await page.locator('[data-user-missing="nobody"]').waitFor();
    expect(await page.locator('[data-user-missing]').innerText()).toContain('没有找到用户“nobody”的画像');
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes('/nobody')));
    expect(errors).toEqual([]);
  }, 30_000);

  it('switches the labels to English', async () => {
    await open('?ptab=personas');
    expect(await page.locator('[data-tab="dist"]').innerText()).toBe('分布');
    await page.click('.sidebar .language');
    await page.locator('[data-tab="dist"]:text-is("Distributions")').waitFor();
    expect(param('lang')).toBe('en');
    expect(await page.locator('[data-kpi="users"] .kpi-label').innerText()).toBe('Users profiled');
    const personas = await api<{ personas: { personas: { en: string }[] } | null }>('/personas');
    for (const persona of personas.personas?.personas ?? []) await page.locator(`.persona-card h3:text-is("${persona.en}")`).waitFor();
    await saveScreenshot(page, 'profiles-personas');
    expect(errors).toEqual([]);
  }, 30_000);
});
