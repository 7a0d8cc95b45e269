import {
  BUDGET_CUT_EVENT_TYPES,
  BUSINESS_CASE_EVENT_TYPES,
  REALISATION_EVENT_TYPES,
  type BudgetCutProposed,
  type BusinessCaseApproved,
  type MeasurementRecorded,
} from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import { gevinstIntegrationEventMappings, gevinstIntegrationEvents } from './gevinst-integration-events';

const recorded = <E extends { type: string; data: unknown }>(streamName: string, event: E): RecordedEvent => ({
  id: 'e-1',
  type: event.type,
  schemaVersion: 1,
  data: event.data,
  metadata: {
    actorId: 'sara',
    actorRole: 'finance',
    recordedAt: '2026-05-01T10:00:00.000Z',
    correlationId: 'c',
    causationId: 'c',
    commandId: 'c',
  },
  streamName,
  revision: 4n,
  position: 10n,
});

const publicOf = (event: RecordedEvent): { topic: string; key: string | null; body: Record<string, unknown> } => {
  const message = gevinstIntegrationEvents().toMessage(event)!;
  return { topic: message.topic, key: message.key, body: JSON.parse(String(message.value)) as Record<string, unknown> };
};

describe('the public catalogue v1', () => {
  it('maps only real domain event types, and leaves out internal workflow events', () => {
    const known = new Set<string>([...BUSINESS_CASE_EVENT_TYPES, ...BUDGET_CUT_EVENT_TYPES, ...REALISATION_EVENT_TYPES]);
    const mapped = gevinstIntegrationEventMappings().map((m) => m.internalType);
    expect(mapped.filter((t) => !known.has(t))).toEqual([]);
    expect(mapped).not.toContain('IndicatorTrajectoryEdited');
    expect(mapped).not.toContain('RedStatusAcknowledged');
    expect(mapped).toEqual(expect.arrayContaining([...BUSINESS_CASE_EVENT_TYPES, ...BUDGET_CUT_EVENT_TYPES]));
  });

  it('publishes an approval with its pinned figures in øre, and no person', () => {
    const approved: BusinessCaseApproved = {
      type: 'BusinessCaseApproved',
      data: {
        caseId: 'case-1',
        by: { id: 'mette', role: 'management' },
        at: '2026-05-01T10:00:00.000Z',
        reason: 'Godkendt på direktionsmødet',
        revision: 2,
        rebaseline: false,
        previousApprovedRevision: null,
        summary: {
          discountRatePct: 3.5,
          npv: 123_456_00,
          npvBudgetEffective: 100_000_00,
          payback: 4,
          benefitCostRatio: 1.8,
          totalCosts: 50_000_00,
          totalBenefits: 90_000_00,
          totalBudgetEffective: 70_000_00,
          topDownEstimate: false,
          budgetEffectiveByDepartmentAndYear: { borgerservice: { 2027: 35_000_00 } },
        },
      },
    };
    const { topic, key, body } = publicOf(recorded('business-case-case-1', approved));
    expect(topic).toBe('gevinst.business-cases.v1');
    expect(key).toBe('case-1');
    expect(body).toMatchObject({
      schema: 'gevinst.business-case.v1',
      type: 'BusinessCaseApproved',
      aggregateVersion: '4',
      data: { caseId: 'case-1', revision: 2, summary: { npv: 123_456_00, budgetEffectiveByDepartmentAndYear: { borgerservice: { 2027: 35_000_00 } } } },
    });
    expect(JSON.stringify(body)).not.toMatch(/mette|direktionsmødet/);
  });

  it('keys budget cuts by case (the harvest stream), with the cut id in the data', () => {
    const proposed: BudgetCutProposed = {
      type: 'BudgetCutProposed',
      data: {
        cutId: 'cut-9',
        caseId: 'case-1',
        departmentId: 'borgerservice',
        year: 2027,
        approvedRevision: 2,
        sharePct: 25,
        gross: 400_00,
        retained: 100_00,
        cut: 300_00,
        amount: 300_00,
        override: null,
        caseStatus: 'approved',
        realisationStatus: null,
        realisationAcknowledgement: null,
        proposedBy: 'sara',
        proposedAt: '2026-05-02T09:00:00.000Z',
      },
    };
    const { topic, key, body } = publicOf(recorded('harvest-case-1', proposed));
    expect([topic, key]).toEqual(['gevinst.budget-cuts.v1', 'case-1']);
    expect(body.data).toEqual({
      cutId: 'cut-9',
      caseId: 'case-1',
      departmentId: 'borgerservice',
      year: 2027,
      amount: 300_00,
      status: 'proposed',
      approvedRevision: 2,
      sharePct: 25,
      gross: 400_00,
      retained: 100_00,
      cut: 300_00,
      overridesHarvestLimit: false,
      at: '2026-05-02T09:00:00.000Z',
    });
  });

  it('publishes measurements on the realisation topic, without who recorded them', () => {
    const m: MeasurementRecorded = {
      type: 'MeasurementRecorded',
      data: {
        caseId: 'case-1',
        measurementId: 'm-1',
        indicatorId: 'digital-andel',
        value: 61.5,
        unit: 'percent',
        period: '2026-04',
        source: { kind: 'system', system: 'portal' },
        recordedBy: 'svc-kafka',
        recordedAt: '2026-05-01T00:00:00.000Z',
      },
    };
    const { topic, key, body } = publicOf(recorded('realisation-case-1', m));
    expect([topic, key]).toEqual(['gevinst.realisation.v1', 'case-1']);
    expect(body.data).toEqual({
      caseId: 'case-1',
      measurementId: 'm-1',
      indicatorId: 'digital-andel',
      value: 61.5,
      unit: 'percent',
      period: '2026-04',
      source: { kind: 'system', system: 'portal' },
      at: '2026-05-01T00:00:00.000Z',
    });
  });
});
