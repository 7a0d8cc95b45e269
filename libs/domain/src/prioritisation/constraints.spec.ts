import { InvalidInput } from '../shared';
import { constraintErrors, emptyConstraints, validateConstraints } from './constraints';

const ids = new Set(['a', 'b']);

describe('portfolio constraints: input checks', () => {
  it('accepts empty constraints and well-formed ones', () => {
    expect(constraintErrors(emptyConstraints(), ids)).toEqual([]);
    expect(
      constraintErrors(
        {
          objective: 'weighted-score',
          budgets: [{ year: 2027, amount: 0 }, { year: 2028, amount: 5_000_000 }],
          staffHours: [{ year: 2027, hours: 1500.25 }],
          forcedIn: [{ caseId: 'a', reason: 'Law' }],
          forcedOut: [{ caseId: 'a', reason: 'Contradiction is the feasibility check’s business' }],
          dependencies: [{ caseId: 'b', requires: 'a' }],
        },
        ids,
      ),
    ).toEqual([]);
  });

  it('names every bad field by its path', () => {
    const errors = constraintErrors(
      {
        objective: 'profit' as never,
        budgets: [{ year: 2027, amount: 1.5 }, { year: 2027, amount: 1 }, { year: 1999, amount: -1 }],
        staffHours: [{ year: 2028, hours: 1.234 }],
        forcedIn: [{ caseId: 'zz', reason: '' }],
        forcedOut: [{ caseId: 'b', reason: 'x' }, { caseId: 'b', reason: 'x' }],
        dependencies: [{ caseId: 'a', requires: 'a' }, { caseId: 'b', requires: 'q' }],
      },
      ids,
    );
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['objective', 'unknown-value'],
      ['budgets[1].year', 'duplicate-year'],
      ['budgets[2].year', 'out-of-range'],
      ['budgets[0].amount', 'not-whole-ore'],
      ['budgets[2].amount', 'not-whole-ore'],
      ['staffHours[0].hours', 'out-of-range'],
      ['forcedIn[0].caseId', 'not-a-candidate'],
      ['forcedIn[0].reason', 'reason-required'],
      ['forcedOut[1].caseId', 'duplicate-id'],
      ['dependencies[0].requires', 'self-reference'],
      ['dependencies[1].requires', 'not-a-candidate'],
    ]);
  });

  it('validateConstraints throws InvalidInput for the first, with all in the details', () => {
    let thrown: unknown;
    try {
      validateConstraints({ ...emptyConstraints(), forcedIn: [{ caseId: 'zz', reason: 'x' }] }, ids);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidInput);
    expect(thrown).toMatchObject({ code: 'not-a-candidate', field: 'forcedIn[0].caseId', details: { errors: [{ field: 'forcedIn[0].caseId' }] } });
  });
});
