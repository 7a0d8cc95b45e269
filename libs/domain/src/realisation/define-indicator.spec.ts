import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared/errors';
import type { EditIndicatorTrajectory } from './realisation.commands';
import { realisationDecider } from './realisation.decider';
import {
  adoptionDefined,
  auditor,
  CASE_ID,
  ctx,
  defineAdoption,
  DEPARTMENT,
  errorOf,
  finance,
  management,
  NOW,
  otherAuthor,
  processingTimeDefined,
} from './realisation.fixtures';

const realisation = spec(realisationDecider);
const fieldOf = (run: () => unknown) => errorOf(run).field;

const processingTime = {
  indicatorId: 'processing-time',
  name: 'Sagsbehandlingstid',
  unit: 'days',
  direction: 'lower-is-better',
  kind: 'leading',
  baseline: { value: 20, date: '2025-01-01' },
  target: { value: 10 },
} as const;

describe('realisation: defining an indicator', () => {
  it('records the indicator, its baseline, target and trajectory, by whom and when', () => {
    realisation
      .given([])
      .when(defineAdoption())
      .then([{ type: 'IndicatorDefined', data: { ...adoptionDefined.data, definedAt: NOW } }]);
  });

  it("derives the trajectory from the case's adoption curve by default", () => {
    // 80 % over 4 months from January: 80 × n/4 → 20, 40, 60, 80
    const curve = { startMonth: '2025-01', rampUpMonths: 4, targetAdoptionPct: 80 };
    realisation
      .given([])
      .when(defineAdoption({ trajectory: { source: 'adoption-curve', curve } }))
      .thenEvents(([event]) => {
        expect(event.type).toBe('IndicatorDefined');
        expect(event.data).toMatchObject({
          trajectory: [
            { period: '2025-01', value: 20 },
            { period: '2025-02', value: 40 },
            { period: '2025-03', value: 60 },
            { period: '2025-04', value: 80 },
          ],
          trajectoryOrigin: { kind: 'adoption-curve', curve },
        });
      });
  });

  it("maps the adoption curve onto a leading indicator's baseline and target", () => {
    // 20 → 10 days over 2 months from February: Feb 20 − 10 × 1/2 = 15, Mar 10
    const curve = { startMonth: '2025-02', rampUpMonths: 2, targetAdoptionPct: 80 };
    realisation
      .given([])
      .when(defineAdoption({ ...processingTime, trajectory: { source: 'adoption-curve', curve } }))
      .thenEvents(([event]) =>
        expect(event.data).toMatchObject({
          trajectory: [
            { period: '2025-02', value: 15 },
            { period: '2025-03', value: 10 },
          ],
        }),
      );
  });

  it('leaves out of a derived trajectory the ramp-up months over before the baseline', () => {
    // ramp Jan–Apr 2025, baseline measured 2025-02-10: January is dropped
    const curve = { startMonth: '2025-01', rampUpMonths: 4, targetAdoptionPct: 80 };
    realisation
      .given([])
      .when(
        defineAdoption({ baseline: { value: 0, date: '2025-02-10' }, trajectory: { source: 'adoption-curve', curve } }),
      )
      .thenEvents(([event]) =>
        expect(event.data).toMatchObject({
          trajectory: [
            { period: '2025-02', value: 40 },
            { period: '2025-03', value: 60 },
            { period: '2025-04', value: 80 },
          ],
        }),
      );
  });

  it('lets finance define indicators for any case', () => {
    realisation.given([]).when(defineAdoption({ caseDepartmentIds: ['teknik'] }, ctx(finance))).thenEvents((events) => {
      expect(events).toHaveLength(1);
    });
  });

  it("refuses a case author outside the case's departments", () => {
    realisation.given([]).when(defineAdoption({}, ctx(otherAuthor))).thenThrows(NotPermitted, 'outside-department');
  });

  it('refuses management and auditors', () => {
    realisation.given([]).when(defineAdoption({}, ctx(management))).thenThrows(NotPermitted, 'role-not-permitted');
    realisation.given([]).when(defineAdoption({}, ctx(auditor))).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('refuses an indicator id used before', () => {
    realisation.given([adoptionDefined]).when(defineAdoption()).thenThrows(IllegalState, 'duplicate-indicator');
  });

  it('refuses an adoption indicator that is not a share in percent', () => {
    realisation.given([]).when(defineAdoption({ unit: 'count' })).thenThrows(InvalidInput, 'kind-unit-mismatch');
  });

  it('refuses a lagging indicator that counts neither øre nor hours', () => {
    realisation.given([]).when(defineAdoption({ kind: 'lagging', unit: 'days' })).thenThrows(InvalidInput, 'kind-unit-mismatch');
  });

  it('refuses an adoption indicator where lower is better', () => {
    realisation
      .given([])
      .when(defineAdoption({ direction: 'lower-is-better' }))
      .thenThrows(InvalidInput, 'kind-direction-mismatch');
  });

  it('refuses a benefit line the case does not have', () => {
    const command = defineAdoption({ benefitLineIds: ['bl-9'] });
    realisation.given([]).when(command).thenThrows(InvalidInput, 'unknown-benefit-line');
    expect(fieldOf(() => realisationDecider.decide(command, realisationDecider.initialState()))).toBe('benefitLineIds[0]');
  });

  it('refuses a baseline that is not a number', () => {
    const command = defineAdoption({ baseline: { value: Number.NaN, date: '2025-01-01' } });
    realisation.given([]).when(command).thenThrows(InvalidInput, 'not-a-number');
    expect(fieldOf(() => realisationDecider.decide(command, realisationDecider.initialState()))).toBe('baseline.value');
  });

  it("refuses a target that is no improvement in the indicator's direction", () => {
    // lower is better: 25 days is worse than the baseline of 20
    realisation
      .given([])
      .when(defineAdoption({ ...processingTime, target: { value: 25 }, trajectory: { source: 'manual', points: [] } }))
      .thenThrows(InvalidInput, 'target-not-improvement');
  });

  it('refuses a planned period that ends before the baseline date', () => {
    const command = defineAdoption({ trajectory: { source: 'manual', points: [{ period: '2024-12', value: 10 }] } });
    realisation.given([]).when(command).thenThrows(InvalidInput, 'before-baseline');
    expect(fieldOf(() => realisationDecider.decide(command, realisationDecider.initialState()))).toBe(
      'trajectory.points[0].period',
    );
  });

  it('refuses a planned value worse than the baseline', () => {
    // processing time planned at 22 days, baseline 20, lower is better
    realisation
      .given([])
      .when(defineAdoption({ ...processingTime, trajectory: { source: 'manual', points: [{ period: '2025-03', value: 22 }] } }))
      .thenThrows(InvalidInput, 'trajectory-against-direction');
  });

  it('refuses a trajectory that mixes months and years', () => {
    const points = [
      { period: '2025-03', value: 20 },
      { period: '2026', value: 80 },
    ];
    realisation.given([]).when(defineAdoption({ trajectory: { source: 'manual', points } })).thenThrows(InvalidInput, 'mixed-granularity');
  });

  it('refuses an adoption indicator with no planned values', () => {
    realisation.given([]).when(defineAdoption({ trajectory: { source: 'manual', points: [] } })).thenThrows(InvalidInput, 'trajectory-required');
  });

  it("refuses an adoption target that differs from the curve's", () => {
    const curve = { startMonth: '2025-01', rampUpMonths: 4, targetAdoptionPct: 60 };
    realisation
      .given([])
      .when(defineAdoption({ trajectory: { source: 'adoption-curve', curve } }))
      .thenThrows(InvalidInput, 'target-mismatch');
  });
});

describe('realisation: re-planning a trajectory', () => {
  const edit = (reason: string | undefined, points = [{ period: '2025-03', value: 12 }]): EditIndicatorTrajectory => ({
    type: 'EditIndicatorTrajectory',
    data: {
      caseId: CASE_ID,
      indicatorId: 'processing-time',
      trajectory: { source: 'manual', points },
      caseDepartmentIds: [DEPARTMENT],
    },
    context: ctx(finance, reason === undefined ? {} : { reason }),
  });

  it('replaces the trajectory, with the reason', () => {
    realisation
      .given([processingTimeDefined])
      .when(edit('Leverandøren er forsinket'))
      .then([
        {
          type: 'IndicatorTrajectoryEdited',
          data: {
            caseId: CASE_ID,
            indicatorId: 'processing-time',
            trajectory: [{ period: '2025-03', value: 12 }],
            trajectoryOrigin: { kind: 'manual' },
            reason: 'Leverandøren er forsinket',
            editedBy: 'frede',
            editedAt: NOW,
          },
        },
      ]);
  });

  it('needs a reason', () => {
    realisation.given([processingTimeDefined]).when(edit(undefined)).thenThrows(InvalidInput, 'reason-required');
  });

  it('appends nothing when the trajectory is already so', () => {
    realisation.given([processingTimeDefined]).when(edit('igen', [{ period: '2025-03', value: 10 }])).then([]);
  });

  it('refuses an unknown indicator', () => {
    realisation.given([adoptionDefined]).when(edit('x')).thenThrows(NotFound, 'unknown-indicator');
  });
});
