import { InvalidInput } from '../shared/errors';
import { isOre, type Ore } from '../shared/money';
import {
  realisationStatus,
  requireRealisationTolerances,
  type RealisationColour,
  type RealisationTolerances,
} from './realisation-status';

/** One case's figures for one department and budget year, øre. */
export interface PortfolioRealisationRow {
  readonly departmentId: string;
  readonly year: number;
  /** Planned gain (the approved revision's saving); for the current year, planned to date. */
  readonly planned: Ore;
  /** Realised gain (from measurements, see realisedGain). */
  readonly realised: Ore;
  /** Booked budget cuts. */
  readonly harvested: Ore;
  /** The share of the gain the department keeps. */
  readonly retained: Ore;
}

export interface PortfolioRealisationCase {
  readonly caseId: string;
  readonly figures: readonly PortfolioRealisationRow[];
}

export interface PortfolioRealisationInput {
  readonly cases: readonly PortfolioRealisationCase[];
  /** "To date" sums the years up to and including this one. */
  readonly asOfYear: number;
  readonly tolerances: RealisationTolerances;
}

export interface RealisationFigures {
  readonly planned: Ore;
  readonly realised: Ore;
  readonly harvested: Ore;
  readonly retained: Ore;
  /** planned − realised (negative: ahead of plan). */
  readonly gap: Ore;
  /**
   * Cuts booked beyond the realised gain: Σ over (case, department) of
   * max(0, harvested − realised), both cumulative to the end of the year (or to date), so one
   * case's surplus never hides another's overrun.
   */
  readonly harvestedAheadOfRealised: Ore;
}

export interface PortfolioRealisationYear extends RealisationFigures {
  readonly year: number;
}

export interface PortfolioRealisationToDate extends RealisationFigures {
  readonly colour: RealisationColour;
  readonly realisedPct: number | null;
}

export interface PortfolioRealisationScope {
  readonly toDate: PortfolioRealisationToDate;
  /** Every year present, ascending; each year's own figures (harvestedAheadOfRealised: position at its end). */
  readonly byYear: readonly PortfolioRealisationYear[];
}

export interface PortfolioRealisation {
  readonly asOfYear: number;
  readonly tolerances: RealisationTolerances;
  readonly municipality: PortfolioRealisationScope;
  readonly byDepartment: readonly (PortfolioRealisationScope & { readonly departmentId: string })[];
  readonly cases: readonly (PortfolioRealisationScope & { readonly caseId: string; readonly departmentIds: readonly string[] })[];
  readonly casesByColour: Readonly<Record<RealisationColour, readonly string[]>>;
}

interface Row extends PortfolioRealisationRow {
  readonly caseId: string;
}

/**
 * Realisation for the whole municipality, per department and per case, per year and to date.
 * Department and case figures add up to the municipality's exactly (each row belongs to one
 * case and one department). Colours use the municipality's tolerances on to-date figures.
 */
export const portfolioRealisation = (input: PortfolioRealisationInput): PortfolioRealisation => {
  const tolerances = requireRealisationTolerances(input.tolerances, 'tolerances.');
  if (!Number.isSafeInteger(input.asOfYear)) {
    throw new InvalidInput('invalid-year', 'asOfYear must be a whole year', 'asOfYear', {
      value: String(input.asOfYear),
    });
  }
  const rows = requireRows(input.cases);
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const scope = (inScope: readonly Row[]): PortfolioRealisationScope => {
    const byYear = years
      .filter((year) => inScope.some((r) => r.year === year))
      .map((year) => ({ year, ...figures(inScope, (y) => y === year, year) }));
    const toDateFigures = figures(inScope, (y) => y <= input.asOfYear, input.asOfYear);
    const status = realisationStatus({
      plannedToDate: toDateFigures.planned,
      realisedToDate: toDateFigures.realised,
      tolerances,
    });
    return { toDate: { ...toDateFigures, colour: status.colour, realisedPct: status.realisedPct }, byYear };
  };

  const departmentIds = [...new Set(rows.map((r) => r.departmentId))].sort();
  const cases = input.cases.map((c) => {
    const caseRows = rows.filter((r) => r.caseId === c.caseId);
    return {
      caseId: c.caseId,
      departmentIds: [...new Set(caseRows.map((r) => r.departmentId))].sort(),
      ...scope(caseRows),
    };
  });
  const casesByColour: Record<RealisationColour, string[]> = { green: [], amber: [], red: [] };
  for (const c of cases) casesByColour[c.toDate.colour].push(c.caseId);

  return {
    asOfYear: input.asOfYear,
    tolerances,
    municipality: scope(rows),
    byDepartment: departmentIds.map((departmentId) => ({
      departmentId,
      ...scope(rows.filter((r) => r.departmentId === departmentId)),
    })),
    cases,
    casesByColour,
  };
};

/** Sums the rows of the selected years; harvested-ahead per (case, department), cumulative to `positionYear`. */
const figures = (rows: readonly Row[], selectYear: (year: number) => boolean, positionYear: number): RealisationFigures => {
  const selected = rows.filter((r) => selectYear(r.year));
  const sum = (key: 'planned' | 'realised' | 'harvested' | 'retained'): Ore =>
    selected.reduce((total, r) => total + r[key], 0);
  const planned = sum('planned');
  const realised = sum('realised');
  return {
    planned,
    realised,
    harvested: sum('harvested'),
    retained: sum('retained'),
    gap: planned - realised,
    harvestedAheadOfRealised: harvestedAhead(rows, positionYear),
  };
};

const harvestedAhead = (rows: readonly Row[], positionYear: number): Ore => {
  const position = new Map<string, { harvested: Ore; realised: Ore }>();
  for (const r of rows) {
    if (r.year > positionYear) continue;
    const key = JSON.stringify([r.caseId, r.departmentId]);
    const p = position.get(key) ?? { harvested: 0, realised: 0 };
    position.set(key, { harvested: p.harvested + r.harvested, realised: p.realised + r.realised });
  }
  let total = 0;
  for (const p of position.values()) total += Math.max(0, p.harvested - p.realised);
  return total;
};

const requireRows = (cases: readonly PortfolioRealisationCase[]): Row[] => {
  const seenCases = new Set<string>();
  const seenRows = new Set<string>();
  const rows: Row[] = [];
  cases.forEach((c, i) => {
    if (typeof c.caseId !== 'string' || c.caseId === '') {
      throw new InvalidInput('caseId-required', 'Every case needs a caseId', `cases[${i}].caseId`);
    }
    if (seenCases.has(c.caseId)) {
      throw new InvalidInput('duplicate-case', `Case ${c.caseId} is listed twice`, `cases[${i}].caseId`, {
        caseId: c.caseId,
      });
    }
    seenCases.add(c.caseId);
    c.figures.forEach((f, j) => {
      const field = `cases[${i}].figures[${j}]`;
      if (typeof f.departmentId !== 'string' || f.departmentId === '') {
        throw new InvalidInput('departmentId-required', 'Every row needs a departmentId', `${field}.departmentId`);
      }
      if (!Number.isSafeInteger(f.year)) {
        throw new InvalidInput('invalid-year', 'year must be a whole year', `${field}.year`, { value: String(f.year) });
      }
      for (const key of ['planned', 'realised', 'harvested', 'retained'] as const) {
        if (!isOre(f[key]) || f[key] < 0) {
          throw new InvalidInput('not-whole-ore', `${key} must be a whole, non-negative number of øre`, `${field}.${key}`, {
            value: String(f[key]),
          });
        }
      }
      const key = JSON.stringify([c.caseId, f.departmentId, f.year]);
      if (seenRows.has(key)) {
        throw new InvalidInput(
          'duplicate-figures',
          `Case ${c.caseId} has two rows for department ${f.departmentId} in ${f.year}`,
          field,
          { caseId: c.caseId, departmentId: f.departmentId, year: f.year },
        );
      }
      seenRows.add(key);
      rows.push({ ...f, caseId: c.caseId });
    });
  });
  return rows;
};
