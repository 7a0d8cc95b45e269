/**
 * A candidate for the portfolio: a business case that is submitted or approved and not closed,
 * with the figures the prioritisation needs, computed from the revision that counts:
 * the approved (pinned) revision of an approved case — a pending re-baseline does not count
 * until it is approved — and the submitted revision of a case under review.
 *
 * What counts as **investment** in a year (what the yearly investment budgets limit):
 * the case's one-off cash costs — cost lines of nature `one-off` except `internal-staff-hours`
 * — plus the risk reserve on them. Running costs (licences, operation) are not investment: they
 * are netted against the savings in NPV. Internal staff hours are not cash: they are limited by
 * the staff-hours capacity per year instead.
 *
 * **Staff hours** in a year: the hours of the `internal-staff-hours` cost lines given as
 * hours × hourly cost (of either nature). A line of that category given as an amount in øre
 * has no hours: it is not counted and the candidate says `staffHoursUnknown`.
 */
import { mulDivRound, toScaledInteger } from '../business-case/arithmetic';
import { computeEconomics, type Payback } from '../business-case/economics';
import { isHoursAmount, isTopDownEstimate, type BusinessCaseContent } from '../business-case/content';
import type { BusinessCaseState, BusinessCaseStatus } from '../business-case/state';
import type { Ore } from '../shared';

/** Statuses whose cases are candidates: submitted or approved, and not closed. */
export const CANDIDATE_STATUSES: readonly BusinessCaseStatus[] = ['submitted', 'approved', 'in-implementation', 'in-operation'];

/** Per calendar year (the key is the year as a string, so that the figures are plain JSON). */
export type ByYear = Record<string, number>;

export type PortfolioCandidate = {
  caseId: string;
  title: string;
  status: BusinessCaseStatus;
  /** The revision whose figures count (approved, or submitted). */
  revision: number;
  approved: boolean;
  owningDepartmentId: string;
  topDownEstimate: boolean;
  startYear: number;
  horizonYears: number;
  discountRatePct: number;
  /** Øre, all priced benefits. */
  npv: Ore;
  npvBudgetEffective: Ore;
  benefitCostRatio: number | null;
  payback: Payback;
  /** Budget-effective savings a year at full effect: the largest yearly budget-effective saving (øre). */
  savingsPerYear: Ore;
  /** One-off cash costs per year incl. their risk reserve (øre); years with 0 are left out. */
  investmentByYear: ByYear;
  /** Internal staff hours per year (hours, at most 2 decimals); years with 0 are left out. */
  staffHoursByYear: ByYear;
  /** Budget-effective savings per year (øre), every horizon year. */
  budgetEffectiveByYear: ByYear;
  totalInvestment: Ore;
  staffHoursUnknown: boolean;
};

export const isCandidateStatus = (status: BusinessCaseStatus | 'empty'): status is BusinessCaseStatus =>
  (CANDIDATE_STATUSES as readonly string[]).includes(status);

/** The revision whose figures count for the portfolio, or null when the case is no candidate. */
export const candidateRevision = (state: BusinessCaseState): { revision: number; content: BusinessCaseContent; approved: boolean } | null => {
  if (state.status === 'empty' || !isCandidateStatus(state.status)) return null;
  if (state.approved !== null) return { revision: state.approved.revision, content: state.approved.content, approved: true };
  const latest = state.revisions[state.latestRevision - 1];
  return latest ? { revision: latest.revision, content: latest.content, approved: false } : null;
};

/** Investment, staff hours and budget-effective savings per year of one revision's content. */
export const portfolioFiguresOf = (
  content: BusinessCaseContent,
): Pick<PortfolioCandidate, 'investmentByYear' | 'staffHoursByYear' | 'budgetEffectiveByYear' | 'totalInvestment' | 'staffHoursUnknown' | 'savingsPerYear'> => {
  const h = content.horizonYears;
  const oneOff = new Array<number>(h).fill(0);
  const hundredthsOfHours = new Array<number>(h).fill(0);
  let staffHoursUnknown = false;
  for (const line of content.costLines) {
    const staff = line.category === 'internal-staff-hours';
    for (const entry of line.amounts) {
      const i = entry.year - content.startYear;
      if (i < 0 || i >= h) continue;
      if (staff) {
        if (isHoursAmount(entry)) hundredthsOfHours[i]! += toScaledInteger(entry.hours, 2);
        else if (entry.amount > 0) staffHoursUnknown = true;
        continue;
      }
      if (line.nature !== 'one-off') continue;
      oneOff[i]! += isHoursAmount(entry) ? mulDivRound(toScaledInteger(entry.hours, 2), entry.hourlyCost, 100) : entry.amount;
    }
  }
  const reserveBp = toScaledInteger(content.riskReservePct, 2);
  const investmentByYear: ByYear = {};
  const staffHoursByYear: ByYear = {};
  let totalInvestment = 0;
  for (let i = 0; i < h; i++) {
    const amount = oneOff[i]! + (reserveBp === 0 ? 0 : mulDivRound(oneOff[i]!, reserveBp, 10_000));
    if (amount !== 0) investmentByYear[String(content.startYear + i)] = amount;
    totalInvestment += amount;
    if (hundredthsOfHours[i]! !== 0) staffHoursByYear[String(content.startYear + i)] = hundredthsOfHours[i]! / 100;
  }
  const economics = computeEconomics(content);
  const budgetEffectiveByYear: ByYear = {};
  let savingsPerYear = 0;
  economics.years.forEach((year, i) => {
    let sum = 0;
    for (const row of Object.values(economics.budgetEffectiveByDepartment)) sum += row[i]!;
    budgetEffectiveByYear[String(year)] = sum;
    if (sum > savingsPerYear) savingsPerYear = sum;
  });
  return { investmentByYear, staffHoursByYear, budgetEffectiveByYear, totalInvestment, staffHoursUnknown, savingsPerYear };
};

/** The case as a portfolio candidate, or null when it is not one (draft, rejected, closed, ...). */
export const candidateFromCase = (state: BusinessCaseState): PortfolioCandidate | null => {
  const pick = candidateRevision(state);
  if (pick === null || state.status === 'empty') return null;
  const { content } = pick;
  const economics = computeEconomics(content);
  return {
    caseId: state.caseId,
    title: content.title,
    status: state.status,
    revision: pick.revision,
    approved: pick.approved,
    owningDepartmentId: content.owningDepartmentId,
    topDownEstimate: isTopDownEstimate(content),
    startYear: content.startYear,
    horizonYears: content.horizonYears,
    discountRatePct: economics.discountRatePct,
    npv: economics.npv,
    npvBudgetEffective: economics.npvBudgetEffective,
    benefitCostRatio: economics.benefitCostRatio,
    payback: economics.payback,
    ...portfolioFiguresOf(content),
  };
};
