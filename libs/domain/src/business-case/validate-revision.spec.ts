import { validateRevision, isValidRevision, type RevisionError } from './validate-revision';
import { benefitLine, content, costLine } from './business-case.fixtures';
import type { BusinessCaseContent } from './content';

/** Deep-sets a value in a copy of valid content, so that bad input can be typed as the API would receive it. */
const withValue = (path: (string | number)[], value: unknown, base: BusinessCaseContent = content()): unknown => {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
};

const errorsOf = (input: unknown): Pick<RevisionError, 'field' | 'code'>[] =>
  validateRevision(input).errors.map(({ field, code }) => ({ field, code }));

describe('validateRevision', () => {
  it('accepts the fixture content without errors', () => {
    expect(validateRevision(content()).errors).toEqual([]);
    expect(isValidRevision(content())).toBe(true);
  });

  it('refuses negative minutes, naming the field', () => {
    const input = withValue(['benefitLines', 0, 'valuation'], { kind: 'time', casesPerYear: 10, minutesSavedPerCase: -2, hourlyCost: 100 });
    expect(errorsOf(input)).toEqual([{ field: 'benefitLines[0].valuation.minutesSavedPerCase', code: 'negative' }]);
  });

  it('refuses minutes with more than 2 decimals', () => {
    const input = withValue(['benefitLines', 0, 'valuation'], { kind: 'time', casesPerYear: 10, minutesSavedPerCase: 1.234, hourlyCost: 100 });
    expect(errorsOf(input)).toEqual([{ field: 'benefitLines[0].valuation.minutesSavedPerCase', code: 'too-many-decimals' }]);
  });

  it('refuses an adoption target above 100 %', () => {
    expect(errorsOf(withValue(['benefitLines', 0, 'adoption', 'targetAdoptionPct'], 100.5))).toEqual([
      { field: 'benefitLines[0].adoption.targetAdoptionPct', code: 'out-of-range' },
    ]);
  });

  it('refuses a cost line with no year', () => {
    expect(errorsOf(withValue(['costLines', 0, 'amounts'], []))).toEqual([{ field: 'costLines[0].amounts', code: 'required' }]);
    expect(errorsOf(withValue(['costLines', 1, 'amounts', 0, 'year'], undefined))).toEqual([
      { field: 'costLines[1].amounts[0].year', code: 'required' },
    ]);
  });

  it('refuses a year outside the horizon', () => {
    // horizon 2027–2029
    expect(errorsOf(withValue(['costLines', 0, 'amounts', 0, 'year'], 2030))).toEqual([
      { field: 'costLines[0].amounts[0].year', code: 'outside-horizon' },
    ]);
    expect(errorsOf(withValue(['benefitLines', 0, 'adoption', 'startMonth'], '2026-12'))).toEqual([
      { field: 'benefitLines[0].adoption.startMonth', code: 'outside-horizon' },
    ]);
  });

  it('refuses amounts with fractional øre', () => {
    expect(errorsOf(withValue(['costLines', 0, 'amounts', 0, 'amount'], 100.5))).toEqual([
      { field: 'costLines[0].amounts[0].amount', code: 'not-whole-ore' },
    ]);
    expect(errorsOf(withValue(['benefitLines', 0, 'valuation', 'amountPerYear'], 0.1))).toEqual([
      { field: 'benefitLines[0].valuation.amountPerYear', code: 'not-whole-ore' },
    ]);
  });

  it('refuses negative money', () => {
    expect(errorsOf(withValue(['costLines', 0, 'amounts', 0, 'amount'], -1))).toEqual([
      { field: 'costLines[0].amounts[0].amount', code: 'negative' },
    ]);
  });

  it('refuses a year twice in one cost line', () => {
    const input = content({ costLines: [costLine({ amounts: [{ year: 2027, amount: 1 }, { year: 2027, amount: 2 }] })] });
    expect(errorsOf(input)).toEqual([{ field: 'costLines[0].amounts[1].year', code: 'duplicate-year' }]);
  });

  it('wants either an amount or hours × hourly cost, not both, not neither', () => {
    expect(errorsOf(withValue(['costLines', 0, 'amounts', 0], { year: 2027, amount: 1, hours: 2, hourlyCost: 3 }))).toEqual([
      { field: 'costLines[0].amounts[0]', code: 'ambiguous' },
    ]);
    expect(errorsOf(withValue(['costLines', 0, 'amounts', 0], { year: 2027 }))).toEqual([
      { field: 'costLines[0].amounts[0].amount', code: 'required' },
    ]);
    expect(errorsOf(withValue(['costLines', 0, 'amounts', 0], { year: 2027, hours: 2 }))).toEqual([
      { field: 'costLines[0].amounts[0].hourlyCost', code: 'required' },
    ]);
  });

  it('keeps a three-point estimate in order: low ≤ likely ≤ high', () => {
    expect(errorsOf(withValue(['costLines', 0, 'amounts', 0], { year: 2027, amount: 100, low: 101, high: 99 }))).toEqual([
      { field: 'costLines[0].amounts[0].low', code: 'estimate-order' },
      { field: 'costLines[0].amounts[0].high', code: 'estimate-order' },
    ]);
  });

  it('refuses an unknown cost category', () => {
    expect(errorsOf(withValue(['costLines', 0, 'category'], 'coffee'))).toEqual([{ field: 'costLines[0].category', code: 'unknown-value' }]);
  });

  it('refuses line ids used twice (the diff matches lines by id)', () => {
    const input = content({ benefitLines: [benefitLine({ id: 'c1' })] });
    expect(errorsOf(input)).toContainEqual({ field: 'benefitLines[0].id', code: 'duplicate-id' });
  });

  it('gives unpriced benefits no valuation and priced benefits one', () => {
    expect(errorsOf(withValue(['benefitLines', 0, 'benefitClass'], 'unpriced'))).toEqual([
      { field: 'benefitLines[0].valuation.kind', code: 'class-mismatch' },
    ]);
    expect(errorsOf(withValue(['benefitLines', 0, 'valuation'], { kind: 'unpriced' }))).toEqual([
      { field: 'benefitLines[0].valuation.kind', code: 'class-mismatch' },
    ]);
  });

  it('checks the start month format and the ramp-up length', () => {
    expect(errorsOf(withValue(['benefitLines', 0, 'adoption', 'startMonth'], '2027-7'))).toEqual([
      { field: 'benefitLines[0].adoption.startMonth', code: 'invalid-format' },
    ]);
    expect(errorsOf(withValue(['benefitLines', 0, 'adoption', 'rampUpMonths'], 2.5))).toEqual([
      { field: 'benefitLines[0].adoption.rampUpMonths', code: 'not-an-integer' },
    ]);
  });

  it('checks horizon, discount rate and risk reserve', () => {
    expect(errorsOf(withValue(['horizonYears'], 0))).toEqual([{ field: 'horizonYears', code: 'out-of-range' }]);
    expect(errorsOf(withValue(['horizonYears'], 36))).toEqual([{ field: 'horizonYears', code: 'out-of-range' }]);
    expect(errorsOf(withValue(['discountRatePct'], 3.555))).toEqual([{ field: 'discountRatePct', code: 'too-many-decimals' }]);
    expect(errorsOf(withValue(['riskReservePct'], -1))).toEqual([{ field: 'riskReservePct', code: 'negative' }]);
  });

  it('needs the facts of a national case for a derived case', () => {
    expect(errorsOf(withValue(['origin'], { kind: 'derived-from-national', scalingKey: 'weather', localValue: 0, nationalValue: 1 }))).toEqual([
      { field: 'origin.nationalCaseRef', code: 'required' },
      { field: 'origin.scalingKey', code: 'unknown-value' },
      { field: 'origin.localValue', code: 'out-of-range' },
    ]);
  });

  it('lets the benefit map refer only to benefit lines of the revision', () => {
    expect(errorsOf(withValue(['benefitMap', 'goals', 0, 'benefits', 0, 'benefitLineIds'], ['b9']))).toEqual([
      { field: 'benefitMap.goals[0].benefits[0].benefitLineIds[0]', code: 'unknown-reference' },
    ]);
  });

  it('refuses a missing title and a body that is not an object', () => {
    expect(errorsOf(withValue(['title'], ' '))).toEqual([{ field: 'title', code: 'empty' }]);
    expect(errorsOf('a string')).toEqual([{ field: 'content', code: 'not-an-object' }]);
  });

  it('reports every error at once', () => {
    const input = withValue(['costLines', 0, 'amounts', 0], { year: 1990, amount: 0.5 });
    expect(errorsOf(input)).toEqual([
      { field: 'costLines[0].amounts[0].year', code: 'out-of-range' },
      { field: 'costLines[0].amounts[0].amount', code: 'not-whole-ore' },
    ]);
  });

  describe('warnings (the revision stays valid)', () => {
    const codes = (input: unknown) => validateRevision(input).warnings.map((w) => w.code);

    it('warns when there is no communication/marketing cost', () => {
      const input = content({ costLines: [costLine()] });
      expect(codes(input)).toContain('no-communication-cost');
      expect(validateRevision(input).errors).toEqual([]);
      expect(codes(content())).not.toContain('no-communication-cost');
    });

    it('warns when a communication line has only zero amounts', () => {
      const input = content({ costLines: [costLine({ category: 'communication-marketing', amounts: [{ year: 2027, amount: 0 }] })] });
      expect(codes(input)).toContain('no-communication-cost');
    });

    it('warns about an adoption of 100 % from day one, naming the line', () => {
      // the fixture benefit line has target 100 %, ramp 0
      expect(validateRevision(content()).warnings).toContainEqual(expect.objectContaining({ code: 'full-adoption-from-day-one', field: 'benefitLines[0].adoption' }));
      const ramped = content({ benefitLines: [benefitLine({ adoption: { potentialUsers: 1, targetAdoptionPct: 100, rampUpMonths: 6, startMonth: '2027-01' } })] });
      expect(codes(ramped)).not.toContain('full-adoption-from-day-one');
    });

    it('flags a case derived from a national case as a top-down estimate', () => {
      const derived = content({ origin: { kind: 'derived-from-national', nationalCaseRef: 'KL 2024', scalingKey: 'population', localValue: 60_000, nationalValue: 5_900_000 } });
      expect(codes(derived)).toContain('top-down-estimate');
      expect(validateRevision(derived).errors).toEqual([]);
    });
  });
});
