import { lazy, Suspense, type ComponentProps } from 'react';
import type { CostBenefitChart as Eager } from './charts';

/**
 * The portfolio's chart, with Chart.js fetched beside the page instead of before it: the
 * figures and the table render as soon as their answers arrive, the chart joins them when its
 * code has loaded (a box of the same height holds its place meanwhile).
 */
const LazyCostBenefitChart = lazy(() => import('./charts').then((m) => ({ default: m.CostBenefitChart })));

export function CostBenefitChart(props: ComponentProps<typeof Eager>) {
  return (
    <Suspense fallback={<div className="chart-canvas" aria-hidden="true" />}>
      <LazyCostBenefitChart {...props} />
    </Suspense>
  );
}
