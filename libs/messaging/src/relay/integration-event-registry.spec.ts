import type { RecordedEvent } from '@gevinst/event-store';
import { INTEGRATION_AREAS, IntegrationEventRegistry, aggregateIdOf } from './integration-event-registry';

const recorded = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: 'e-1',
  type: 'BudgetCutApproved',
  schemaVersion: 1,
  data: { amountOre: 5n, internal: 'secret' },
  metadata: {
    actorId: 'sara',
    actorRole: 'finance',
    recordedAt: '2026-01-01T00:00:00.000Z',
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    commandId: 'cmd-1',
  },
  streamName: 'harvest-2026-borgerservice',
  revision: 3n,
  position: 99n,
  ...overrides,
});

describe('IntegrationEventRegistry', () => {
  const registry = new IntegrationEventRegistry([
    {
      internalType: 'BudgetCutApproved',
      area: INTEGRATION_AREAS.budgetCut,
      publicType: 'BudgetCutApproved',
      toData: (e) => ({ amountOre: (e.data as { amountOre: bigint }).amountOre }),
    },
  ]);

  it('maps to the public envelope: only the chosen data, bigint as string, headers for de-duplication', () => {
    const message = registry.toMessage(recorded())!;
    expect(message.topic).toBe('gevinst.budget-cuts.v1');
    expect(message.key).toBe('2026-borgerservice');
    expect(message.headers).toMatchObject({ 'event-id': 'e-1', schema: 'gevinst.budget-cut.v1' });
    expect(JSON.parse(String(message.value))).toEqual({
      schema: 'gevinst.budget-cut.v1',
      eventId: 'e-1',
      type: 'BudgetCutApproved',
      occurredAt: '2026-01-01T00:00:00.000Z',
      aggregateId: '2026-borgerservice',
      aggregateVersion: '3',
      correlationId: 'corr-1',
      data: { amountOre: '5' },
    });
  });

  it('skips types that are not registered', () => {
    expect(registry.toMessage(recorded({ type: 'BudgetCutDraftNoteAdded' }))).toBeUndefined();
  });

  it('refuses a type registered twice', () => {
    expect(() =>
      new IntegrationEventRegistry().register(
        { internalType: 'X', area: INTEGRATION_AREAS.realisation, toData: () => null },
        { internalType: 'X', area: INTEGRATION_AREAS.realisation, toData: () => null },
      ),
    ).toThrow(/twice/);
  });

  it('takes the aggregate id from <kind>-<id>, whatever hyphens the id has', () => {
    expect(aggregateIdOf('business-case-0b7c-4c4b', 'business-case')).toBe('0b7c-4c4b');
    expect(aggregateIdOf('department-9', 'business-case')).toBe('department-9');
  });
});
