import type { Actor, Role } from '../shared/decider';
import { NotPermitted } from '../shared/errors';
import type { RealisationCommand } from './realisation.commands';
import type { MeasurementSource } from './realisation.events';

/**
 * Who may do what with a case's realisation (deny by default). See docs/realisation.md.
 *  - Indicators are defined and re-planned by the case's author (within the case's
 *    departments) or by finance, the watchdog.
 *  - Measurements are recorded and corrected by the case author, by finance, or by a system
 *    integration (role admin, e.g. the Kafka consumer) — admin only with a 'system' source:
 *    admin is a technical identity, not a person vouching for a manual number.
 *  - Evaluation is run by finance, management or the system (admin) after new figures.
 *  - A red status is acknowledged by finance or management, who follow realisation.
 *  Auditors and department heads read; they change nothing here.
 */
export const REALISATION_PERMISSIONS: Readonly<Record<RealisationCommand['type'], readonly Role[]>> = {
  DefineIndicator: ['case-author', 'finance'],
  EditIndicatorTrajectory: ['case-author', 'finance'],
  RecordMeasurement: ['case-author', 'finance', 'admin'],
  CorrectMeasurement: ['case-author', 'finance', 'admin'],
  EvaluateRealisation: ['finance', 'management', 'admin'],
  AcknowledgeRed: ['finance', 'management'],
};

export const requireRealisationRole = (type: RealisationCommand['type'], actor: Actor): void => {
  const allowed = REALISATION_PERMISSIONS[type];
  if (!allowed.includes(actor.role)) {
    throw new NotPermitted('role-not-permitted', `A ${actor.role} cannot ${type}`, { role: actor.role, allowed });
  }
};

/** A case author acts only on cases of their own departments. */
export const requireCaseDepartment = (actor: Actor, caseDepartmentIds: readonly string[]): void => {
  if (actor.role !== 'case-author') return;
  if (!caseDepartmentIds.some((d) => actor.departments.includes(d))) {
    throw new NotPermitted('outside-department', 'The case belongs to none of your departments', {
      caseDepartmentIds: [...caseDepartmentIds],
      actorDepartments: [...actor.departments],
    });
  }
};

/** The system identity (admin) records only system-sourced measurements. */
export const requireSystemSourceForAdmin = (actor: Actor, ...sources: readonly MeasurementSource[]): void => {
  if (actor.role === 'admin' && sources.some((s) => s.kind !== 'system')) {
    throw new NotPermitted('system-source-required', 'The admin (system) identity records system measurements only', {
      role: actor.role,
    });
  }
};
