import {
  BUDGET_CUT_EVENT_TYPES,
  BUSINESS_CASE_EVENT_TYPES,
  DEPARTMENT_EVENT_TYPES,
  MUNICIPALITY_SETTINGS_EVENT_TYPES,
  PORTFOLIO_PLAN_EVENT_TYPES,
  PORTFOLIO_SCENARIO_EVENT_TYPES,
  REALISATION_EVENT_TYPES,
  RETAINED_SHARE_POLICY_EVENT_TYPES,
  STRATEGIC_ASSESSMENT_EVENT_TYPES,
} from '@gevinst/domain';
import { EventTypeRegistry } from '@gevinst/event-store';

/** Every event type of the domain, at schema version 1 unless listed with upcasters below. */
export const DOMAIN_EVENT_TYPES: readonly string[] = [
  ...BUSINESS_CASE_EVENT_TYPES,
  ...DEPARTMENT_EVENT_TYPES,
  ...RETAINED_SHARE_POLICY_EVENT_TYPES,
  ...BUDGET_CUT_EVENT_TYPES,
  ...MUNICIPALITY_SETTINGS_EVENT_TYPES,
  ...REALISATION_EVENT_TYPES,
  'RealisationTolerancesSet', // stream tolerances-realisation
  ...STRATEGIC_ASSESSMENT_EVENT_TYPES, // stream strategic-assessment
  ...PORTFOLIO_SCENARIO_EVENT_TYPES, // streams portfolio-scenario-<id>
  ...PORTFOLIO_PLAN_EVENT_TYPES, // stream portfolio-plan
];

/**
 * Every event type the system writes, with its current schema version and upcasters.
 * A stored event is never rewritten: when a shape changes, bump the version here and add an
 * upcaster from the old version (see EventTypeRegistry).
 */
export function eventTypeRegistry(): EventTypeRegistry {
  const registry = new EventTypeRegistry();
  for (const type of DOMAIN_EVENT_TYPES) registry.register({ type, currentVersion: 1 });
  return registry;
}
