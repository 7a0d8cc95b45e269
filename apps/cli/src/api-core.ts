/**
 * The audit core the CLI shares with the API: apps/api/src/audit/core (no Nest: as-of, history,
 * chain, replay verification, what-if), the API's business-case views, the list of projections
 * and the event-type registry. It belongs in a library of its own (libs/audit); until one is
 * added (a tsconfig path, not ours to edit), this file is the one place where one app imports
 * another, so that the CLI's direct mode computes exactly what the API answers.
 */
/* eslint-disable @nx/enforce-module-boundaries */
export * from '../../api/src/audit/core/as-of';
export * from '../../api/src/audit/core/chain';
export * from '../../api/src/audit/core/history';
export * from '../../api/src/audit/core/reads';
export * from '../../api/src/audit/core/records';
export * from '../../api/src/audit/core/what-if';
export { caseView, economicsView } from '../../api/src/business-cases/business-case.views';
export { eventTypeRegistry } from '../../api/src/infrastructure/event-types';
export { ALL_PROJECTIONS } from '../../api/src/read-models/projections';
/* eslint-enable @nx/enforce-module-boundaries */
