import { render } from 'preact';
import { App } from './app.tsx';
import { loadEcharts } from './charts/load-echarts.ts';
import './styles.css';

render(<App />, document.getElementById('app')!);
// Every page draws charts: ECharts starts loading with the shell, while the page's own chunk and
// its data are on the way, instead of after them.
void loadEcharts().catch(() => undefined);
