import type { DepartmentEvent } from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import type { Projection } from '../engine';

export type DepartmentSummary = {
  departmentId: string;
  name: string;
  headId: string | null;
  /** Baseline budget per calendar year, øre. */
  baselineBudgets: Record<string, number>;
  registeredAt: string;
};

/** The departments of the municipality and their baseline budgets. */
export const departmentsProjection: Projection<RecordedEvent<DepartmentEvent['type']>> = {
  name: 'departments',
  version: 1,
  handles: (type) => type === 'DepartmentRegistered' || type === 'DepartmentRenamed' || type === 'DepartmentHeadChanged' || type === 'BaselineBudgetSet',
  apply(recorded, docs) {
    const event = { type: recorded.type, data: recorded.data } as DepartmentEvent;
    const id = event.data.departmentId;
    const current = docs.get<DepartmentSummary>('departments', id);
    switch (event.type) {
      case 'DepartmentRegistered':
        docs.put('departments', id, { departmentId: id, name: event.data.name, headId: event.data.headId, baselineBudgets: {}, registeredAt: event.data.registeredAt });
        return;
      case 'DepartmentRenamed':
        if (current) docs.put('departments', id, { ...current, name: event.data.name });
        return;
      case 'DepartmentHeadChanged':
        if (current) docs.put('departments', id, { ...current, headId: event.data.headId });
        return;
      case 'BaselineBudgetSet':
        if (current) docs.put('departments', id, { ...current, baselineBudgets: { ...current.baselineBudgets, [String(event.data.year)]: event.data.amount } });
        return;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
