/**
 * When a dashboard page has settled, as an expression evaluated in the page: a page is shown, none of
 * its panels is still loading, and every chart is drawn (ECharts loads on its own, after the page).
 * Shared by the browser tests and `npm run bench -- web`, so both wait for the same thing.
 */
export const DASHBOARD_SETTLED =
  "document.querySelector('.page') !== null && document.querySelector('.state-loading') === null && document.querySelector('.echart:not([data-drawn])') === null";
