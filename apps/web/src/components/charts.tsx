import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartOptions, type TooltipItem } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { formatMoney, localeOf } from '../format';

// Only what the charts use (Chart.js is tree-shakable): bars, lines, two scales, tooltip, legend.
ChartJS.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
ChartJS.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
ChartJS.defaults.color = '#1b1f24';
ChartJS.defaults.animation = false;

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const COST_COLOURS = ['#D55E00', '#E69F00', '#CC79A7', '#8C4A00', '#F0A47A', '#7A3D6B', '#B8860B', '#5E2A00'];
export const BENEFIT_COLOURS = ['#0072B2', '#009E73', '#56B4E9', '#004D40'];

export interface Series {
  label: string;
  /** øre per year */
  values: number[];
  colour: string;
  stack?: string;
}

const compact = (lang: string) => new Intl.NumberFormat(localeOf(lang), { notation: 'compact', maximumFractionDigits: 1 });

function moneyAxis(lang: string): ChartOptions<'bar'>['scales'] {
  const fmt = compact(lang);
  return {
    x: { stacked: true, grid: { display: false } },
    y: {
      stacked: true,
      ticks: { callback: (v) => `${fmt.format(Number(v))} kr.` },
      grid: { color: (ctx) => (ctx.tick.value === 0 ? '#1b1f24' : '#d5dbe3') },
    },
  };
}

/**
 * Costs and benefits per year as stacked bars (costs by category, benefits by class). The
 * canvas is an image with a summary label; the table next to it holds the same figures.
 */
export function CostBenefitChart({ years, series, label }: { years: number[]; series: Series[]; label: string }) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const data = {
    labels: years.map(String),
    datasets: series.map((s) => ({ label: s.label, data: s.values.map((v) => v / 100), backgroundColor: s.colour, stack: s.stack ?? 'all', borderWidth: 0 })),
  };
  const options: ChartOptions<'bar'> = {
    responsive: true,
    maintainAspectRatio: false,
    scales: moneyAxis(lang),
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14 } },
      tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${item.dataset.label}: ${formatMoney(Math.round(Number(item.raw) * 100), lang)}` } },
    },
  };
  return (
    <div className="chart-canvas">
      <Bar data={data} options={options} role="img" aria-label={label} />
    </div>
  );
}

/** Cumulative net per year: where the line crosses zero the case has paid for itself. */
export function CumulativeChart({ years, series, label }: { years: (number | string)[]; series: Series[]; label: string }) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const fmt = compact(lang);
  const data = {
    labels: years.map(String),
    datasets: series.map((s) => ({ label: s.label, data: s.values.map((v) => v / 100), borderColor: s.colour, backgroundColor: s.colour, pointRadius: 4, borderWidth: 3, tension: 0 })),
  };
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      x: { grid: { display: false } },
      y: { ticks: { callback: (v) => `${fmt.format(Number(v))} kr.` }, grid: { color: (ctx) => (ctx.tick.value === 0 ? '#1b1f24' : '#d5dbe3'), lineWidth: (ctx) => (ctx.tick.value === 0 ? 2 : 1) } },
    },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14 } },
      tooltip: { callbacks: { label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${formatMoney(Math.round(Number(item.raw) * 100), lang)}` } },
    },
  };
  return (
    <div className="chart-canvas">
      <Line data={data} options={options} role="img" aria-label={label} />
    </div>
  );
}

/**
 * An indicator against its plan, month by month: the planned level as a dashed line, the
 * measured level as a solid one (no point where nothing is measured yet). Values are in the
 * indicator's unit; `format` writes one for the axis and tooltip.
 */
export function IndicatorChart({ periods, planned, measured, format, labels, label }: { periods: string[]; planned: number[]; measured: (number | null)[]; format: (v: number) => string; labels: { planned: string; measured: string }; label: string }) {
  const data = {
    labels: periods,
    datasets: [
      { label: labels.planned, data: planned, borderColor: '#0072B2', backgroundColor: '#0072B2', borderDash: [6, 4], pointRadius: 0, borderWidth: 2, tension: 0, stepped: true as const },
      { label: labels.measured, data: measured, borderColor: '#D55E00', backgroundColor: '#D55E00', pointRadius: 4, borderWidth: 3, tension: 0, spanGaps: false },
    ],
  };
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    scales: { x: { grid: { display: false } }, y: { ticks: { callback: (v) => format(Number(v)) }, grid: { color: '#d5dbe3' } } },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14 } },
      tooltip: { callbacks: { label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${format(Number(item.raw))}` } },
    },
  };
  return (
    <div className="chart-canvas chart-small">
      <Line data={data} options={options} role="img" aria-label={label} />
    </div>
  );
}
