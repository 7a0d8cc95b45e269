import { portfolioScenariosProjection } from '../prioritisation/portfolio-scenarios.projection';
import { businessCasesProjection, departmentLedgerProjection, departmentsProjection, realisationProjection, type Projection } from '@gevinst/read-models';

/** Every projection of the system; the live runner, as-of views and replay verification use this list. */
export const ALL_PROJECTIONS: readonly Projection[] = [businessCasesProjection, departmentsProjection, departmentLedgerProjection, realisationProjection, portfolioScenariosProjection] as readonly Projection[];
