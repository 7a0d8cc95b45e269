import type { Projection } from './engine';
import { departmentLedgerProjection } from './harvest';
import { businessCasesProjection, departmentsProjection } from './portfolio';
import { portfolioScenariosProjection } from './prioritisation';
import { realisationProjection } from './realisation';

/** Every projection of the system; the live runner, as-of views and replay verification use this list. */
export const ALL_PROJECTIONS: readonly Projection[] = [businessCasesProjection, departmentsProjection, departmentLedgerProjection, realisationProjection, portfolioScenariosProjection] as readonly Projection[];
