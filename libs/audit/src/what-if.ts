import {
  approvalSummaryOf,
  formatMonth,
  isRetainedSharePct,
  parseMonth,
  splitByRetainedShare,
  type ApprovalSummary,
  type BusinessCaseContent,
} from '@gevinst/domain';
import type { EventStore, LogPosition, RecordedEvent } from '@gevinst/event-store';
import { replayInMemory, type BusinessCaseSummary, type CutRecord, type DocumentReader, type LedgerHeader, type Projection } from '@gevinst/read-models';
import { AsOfInputError, type AsOfPoint } from './as-of';

/**
 * What-if replay: the history replayed with other assumptions — the discount rate, the
 * retained-share policy, the adoption of the benefit lines — through the same projections, in
 * memory. Nothing is appended to the log and no read model is written.
 *
 * What changes and what stays (see docs/audit.md):
 * - every revision's content gets the what-if rate and adoption, so its economics, the approval
 *   summaries and the planned savings follow from them;
 * - every budget cut keeps its decision (who, which year, when, approved, booked, reversed) but
 *   its figures are recomputed: gross = the what-if approved saving of the department and year,
 *   retained = gross × the what-if share, cut = gross − retained; the amount follows the cut
 *   unless finance had chosen another amount, which is kept;
 * - the rules are not re-run: a cut the what-if figures would have refused is shown, not left out.
 */
export interface WhatIfAssumptions {
  /** The municipality's discount rate instead of the one stamped on each revision (percent, ≤ 2 decimals). */
  discountRatePct?: number;
  /** Retained share instead of the policy in force: per case, else per department, else a default. */
  retainedShare?: { defaultPct?: number; departments?: Record<string, number>; cases?: Record<string, number> };
  adoption?: {
    /** Every benefit line's target adoption × this / 100 (capped at 100 %), e.g. 80. */
    factorPct?: number;
    /** Every adoption curve starts this many months later (negative: earlier). */
    delayMonths?: number;
    /** Every ramp-up takes this many months. */
    rampUpMonths?: number;
  };
}

export type Compared<T> = { actual: T; whatIf: T };
export type ComparedAmount = Compared<number> & { delta: number };

export interface WhatIfReport {
  assumptions: WhatIfAssumptions;
  /** The last log position both replays include. */
  position: string;
  cases: {
    caseId: string;
    title: string;
    status: string;
    approvedRevision: number | null;
    latestRevision: number;
    latest: { discountRatePct: Compared<number>; npv: ComparedAmount; totalBudgetEffective: ComparedAmount };
    approved: { discountRatePct: Compared<number>; npv: ComparedAmount; totalBudgetEffective: ComparedAmount; payback: Compared<unknown> } | null;
  }[];
  cuts: {
    cutId: string;
    caseId: string;
    departmentId: string;
    year: number;
    status: string;
    /** Finance chose an amount other than the rule's cut: the amount is kept as decided. */
    amountChosen: boolean;
    sharePct: Compared<number>;
    gross: ComparedAmount;
    retained: ComparedAmount;
    cut: ComparedAmount;
    amount: ComparedAmount;
  }[];
  departments: {
    departmentId: string;
    years: { year: number; plannedGross: ComparedAmount; booked: ComparedAmount; retained: ComparedAmount; adjustedBudget: Compared<number | null> }[];
  }[];
  totals: { approvedNpv: ComparedAmount; plannedGross: ComparedAmount; booked: ComparedAmount; retained: ComparedAmount };
}

const PROJECTIONS_USED = ['business-cases', 'department-ledger'];

const pct2 = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;
const int = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/** Checks the assumptions (the API's DTO checks the same; the CLI relies on this). */
export const checkAssumptions = (a: WhatIfAssumptions): WhatIfAssumptions => {
  const fail = (param: string, reason: string): never => {
    throw new AsOfInputError(param, reason);
  };
  if (a.discountRatePct !== undefined && !pct2(a.discountRatePct)) fail('discountRatePct', 'must be a percentage 0–100 with at most 2 decimals');
  const share = a.retainedShare;
  if (share) {
    if (share.defaultPct !== undefined && !isRetainedSharePct(share.defaultPct)) fail('retainedShare.defaultPct', 'must be a percentage 0–100 with at most 2 decimals');
    for (const [scope, values] of [
      ['departments', share.departments],
      ['cases', share.cases],
    ] as const) {
      for (const [id, pct] of Object.entries(values ?? {})) if (!isRetainedSharePct(pct)) fail(`retainedShare.${scope}.${id}`, 'must be a percentage 0–100 with at most 2 decimals');
    }
  }
  const adoption = a.adoption;
  if (adoption) {
    if (adoption.factorPct !== undefined && !(typeof adoption.factorPct === 'number' && Number.isFinite(adoption.factorPct) && adoption.factorPct >= 0 && adoption.factorPct <= 1000 && Math.abs(adoption.factorPct * 100 - Math.round(adoption.factorPct * 100)) < 1e-6)) {
      fail('adoption.factorPct', 'must be a percentage 0–1000 with at most 2 decimals');
    }
    if (adoption.delayMonths !== undefined && !int(adoption.delayMonths, -120, 120)) fail('adoption.delayMonths', 'must be a whole number of months from −120 to 120');
    if (adoption.rampUpMonths !== undefined && !int(adoption.rampUpMonths, 0, 120)) fail('adoption.rampUpMonths', 'must be a whole number of months from 0 to 120');
  }
  if (a.discountRatePct === undefined && !share && !adoption) fail('assumptions', 'name at least one assumption: discountRatePct, retainedShare or adoption');
  return a;
};

/** The what-if assumptions as flat parameters (the API's query, the CLI's options). */
export interface WhatIfParams {
  discountRatePct?: string | undefined;
  retainedSharePct?: string | undefined;
  /** id:pct,… */
  departmentShares?: string | undefined;
  /** id:pct,… */
  caseShares?: string | undefined;
  adoptionFactorPct?: string | undefined;
  adoptionDelayMonths?: string | undefined;
  rampUpMonths?: string | undefined;
}

const NUMBER = /^-?\d{1,4}(\.\d{1,2})?$/;
const SHARE = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,100}):(\d{1,3}(\.\d{1,2})?)$/;

/** Parameters → assumptions; malformed values throw AsOfInputError (the ranges are checkAssumptions'). */
export const assumptionsFromParams = (q: WhatIfParams): WhatIfAssumptions => {
  const number = (name: keyof WhatIfParams): number | undefined => {
    const text = q[name];
    if (text === undefined) return undefined;
    if (!NUMBER.test(text)) throw new AsOfInputError(name, `${name} must be a number with at most 2 decimals (not ${JSON.stringify(text)})`);
    return Number(text);
  };
  const shares = (name: 'departmentShares' | 'caseShares'): Record<string, number> | undefined => {
    const text = q[name];
    if (text === undefined) return undefined;
    const out: Record<string, number> = {};
    for (const pair of text.split(',')) {
      const match = SHARE.exec(pair);
      if (!match) throw new AsOfInputError(name, `${name} must be id:pct,… (not ${JSON.stringify(pair)})`);
      Object.defineProperty(out, match[1]!, { value: Number(match[2]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const defaultPct = number('retainedSharePct');
  const departments = shares('departmentShares');
  const cases = shares('caseShares');
  const factorPct = number('adoptionFactorPct');
  const delayMonths = number('adoptionDelayMonths');
  const rampUpMonths = number('rampUpMonths');
  const discountRatePct = number('discountRatePct');
  const retainedShare = { ...(defaultPct !== undefined ? { defaultPct } : {}), ...(departments ? { departments } : {}), ...(cases ? { cases } : {}) };
  const adoption = { ...(factorPct !== undefined ? { factorPct } : {}), ...(delayMonths !== undefined ? { delayMonths } : {}), ...(rampUpMonths !== undefined ? { rampUpMonths } : {}) };
  return {
    ...(discountRatePct !== undefined ? { discountRatePct } : {}),
    ...(Object.keys(retainedShare).length > 0 ? { retainedShare } : {}),
    ...(Object.keys(adoption).length > 0 ? { adoption } : {}),
  };
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A revision's content under the what-if rate and adoption. */
export const whatIfContent = (content: BusinessCaseContent, a: WhatIfAssumptions): BusinessCaseContent => {
  const adoption = a.adoption;
  return {
    ...content,
    ...(a.discountRatePct !== undefined ? { discountRatePct: a.discountRatePct } : {}),
    benefitLines: !adoption
      ? content.benefitLines
      : content.benefitLines.map((line) => {
          const start = parseMonth(line.adoption.startMonth);
          return {
            ...line,
            adoption: {
              ...line.adoption,
              ...(adoption.factorPct !== undefined ? { targetAdoptionPct: Math.min(100, round2((line.adoption.targetAdoptionPct * adoption.factorPct) / 100)) } : {}),
              ...(adoption.rampUpMonths !== undefined ? { rampUpMonths: adoption.rampUpMonths } : {}),
              ...(adoption.delayMonths !== undefined && start !== undefined ? { startMonth: formatMonth(start + adoption.delayMonths) } : {}),
            },
          };
        }),
  };
};

type Figures = { gross: number; retained: number; cut: number; amount: number; sharePct: number };
type Obj = Record<string, unknown>;

/** The event transform of the what-if replay (stateful: call in log order, once per replay). */
export const whatIfTransform = (a: WhatIfAssumptions): ((event: RecordedEvent) => RecordedEvent) => {
  const contents = new Map<string, BusinessCaseContent>(); // caseId|revision → what-if content
  const summaries = new Map<string, ApprovalSummary>(); // caseId|revision → what-if approval summary
  const cuts = new Map<string, Figures>(); // cutId → what-if figures
  const shareFor = (caseId: string, departmentId: string, actual: number): number => {
    const s = a.retainedShare;
    if (!s) return actual;
    const own = (r: Record<string, number> | undefined, k: string): number | undefined => (r && Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined);
    return own(s.cases, caseId) ?? own(s.departments, departmentId) ?? s.defaultPct ?? actual;
  };
  const withData = (event: RecordedEvent, data: Obj): RecordedEvent => ({ ...event, data });

  return (event) => {
    const d = event.data as Obj;
    switch (event.type) {
      case 'BusinessCaseDrafted':
      case 'BusinessCaseRevised': {
        const content = whatIfContent(d['content'] as BusinessCaseContent, a);
        contents.set(`${String(d['caseId'])}|${String(d['revision'])}`, content);
        return withData(event, { ...d, content });
      }
      case 'BusinessCaseApproved': {
        const key = `${String(d['caseId'])}|${String(d['revision'])}`;
        const content = contents.get(key);
        if (!content) return event;
        const summary = approvalSummaryOf(content);
        summaries.set(key, summary);
        return withData(event, { ...d, summary });
      }
      case 'BudgetCutProposed': {
        const caseId = String(d['caseId']);
        const departmentId = String(d['departmentId']);
        const summary = summaries.get(`${caseId}|${String(d['approvedRevision'])}`);
        const planned = summary?.budgetEffectiveByDepartmentAndYear[departmentId] as Record<string, number> | undefined;
        const gross = summary ? (planned?.[String(d['year'])] ?? 0) : Number(d['gross']);
        const split = splitByRetainedShare(gross, shareFor(caseId, departmentId, Number(d['sharePct'])));
        const amount = d['amount'] === d['cut'] ? split.cut : Number(d['amount']);
        const figures: Figures = { gross: split.gross, retained: split.retained, cut: split.cut, amount, sharePct: split.sharePct };
        cuts.set(String(d['cutId']), figures);
        return withData(event, { ...d, ...figures });
      }
      case 'BudgetCutBooked': {
        const figures = cuts.get(String(d['cutId']));
        return figures ? withData(event, { ...d, ...figures }) : event;
      }
      case 'BudgetCutApproved':
      case 'BudgetCutRejected':
      case 'BudgetCutReversed': {
        const figures = cuts.get(String(d['cutId']));
        return figures ? withData(event, { ...d, amount: figures.amount }) : event;
      }
      default:
        return event;
    }
  };
};

const amount = (actual: number, whatIf: number): ComparedAmount => ({ actual, whatIf, delta: whatIf - actual });

/**
 * Replays the log (up to `point`, default the head) twice in memory — as it was, and under the
 * assumptions — and compares NPVs, cuts, retained shares and ledgers. Writes nothing.
 */
export const whatIf = async (
  store: EventStore,
  projections: readonly Projection[],
  assumptions: WhatIfAssumptions,
  point?: AsOfPoint,
): Promise<WhatIfReport> => {
  checkAssumptions(assumptions);
  const used = projections.filter((p) => PROJECTIONS_USED.includes(p.name));
  if (used.length !== PROJECTIONS_USED.length) throw new TypeError(`what-if needs the projections ${PROJECTIONS_USED.join(', ')}`);
  // Both replays stop at the same position, even if events are appended meanwhile.
  let toPosition: bigint;
  if (point?.kind === 'position') toPosition = point.position;
  else if (point?.kind === 'time') {
    const prefix = await replayInMemory(store, [], { toTime: point.time });
    toPosition = prefix.position === 'start' ? 0n : prefix.position;
  } else {
    const head: LogPosition = await store.headPosition();
    toPosition = head === 'start' ? 0n : head;
  }
  const actual = (await replayInMemory(store, used, { toPosition })).docs;
  const changed = (await replayInMemory(store, used, { toPosition, transform: whatIfTransform(assumptions) })).docs;
  return { assumptions, position: String(toPosition), ...compare(actual, changed) };
};

const compare = (actual: DocumentReader, changed: DocumentReader): Omit<WhatIfReport, 'assumptions' | 'position'> => {
  const caseDocs = (r: DocumentReader): Map<string, BusinessCaseSummary> => new Map(r.list<BusinessCaseSummary>('business-cases', 'cases').map((e) => [e.key, e.doc]));
  const a = caseDocs(actual);
  const b = caseDocs(changed);
  let npvA = 0;
  let npvB = 0;
  const cases: WhatIfReport['cases'] = [];
  for (const [caseId, x] of a) {
    const y = b.get(caseId) ?? x;
    if (x.approved && y.approved) {
      npvA += x.approved.npv;
      npvB += y.approved.npv;
    }
    cases.push({
      caseId,
      title: x.title,
      status: x.status,
      approvedRevision: x.approvedRevision,
      latestRevision: x.latestRevision,
      latest: {
        discountRatePct: { actual: x.latest.discountRatePct, whatIf: y.latest.discountRatePct },
        npv: amount(x.latest.npv, y.latest.npv),
        totalBudgetEffective: amount(x.latest.totalBudgetEffective, y.latest.totalBudgetEffective),
      },
      approved:
        x.approved && y.approved
          ? {
              discountRatePct: { actual: x.approved.discountRatePct, whatIf: y.approved.discountRatePct },
              npv: amount(x.approved.npv, y.approved.npv),
              totalBudgetEffective: amount(x.approved.totalBudgetEffective, y.approved.totalBudgetEffective),
              payback: { actual: x.approved.payback, whatIf: y.approved.payback },
            }
          : null,
    });
  }

  const cutDocs = (r: DocumentReader): Map<string, CutRecord> => new Map(r.list<CutRecord>('department-ledger', 'cuts').map((e) => [e.key, e.doc]));
  const ca = cutDocs(actual);
  const cb = cutDocs(changed);
  const cuts: WhatIfReport['cuts'] = [...ca].map(([key, x]) => {
    const y = cb.get(key) ?? x;
    return {
      cutId: x.cutId,
      caseId: x.caseId,
      departmentId: x.departmentId,
      year: x.year,
      status: x.status,
      amountChosen: x.amount !== x.cut,
      sharePct: { actual: x.sharePct, whatIf: y.sharePct },
      gross: amount(x.gross, y.gross),
      retained: amount(x.retained, y.retained),
      cut: amount(x.cut, y.cut),
      amount: amount(x.amount, y.amount),
    };
  });

  // Year totals only: the ledgers' headers (the per-case lines are not compared here).
  const ledgers = (r: DocumentReader): Map<string, LedgerHeader> => new Map(r.list<LedgerHeader>('department-ledger', 'ledgers').map((e) => [e.key, e.doc]));
  const la = ledgers(actual);
  const lb = ledgers(changed);
  const totals = { plannedGross: [0, 0], booked: [0, 0], retained: [0, 0] };
  const departments: WhatIfReport['departments'] = [...la].map(([departmentId, x]) => {
    const yLedger = lb.get(departmentId);
    const years = [...new Set([...x.years.map((y) => y.year), ...(yLedger?.years ?? []).map((y) => y.year)])].sort((p, q) => p - q);
    return {
      departmentId,
      years: years.map((year) => {
        const p = x.years.find((y) => y.year === year);
        const q = yLedger?.years.find((y) => y.year === year);
        const pick = (k: 'plannedGross' | 'booked' | 'retained'): ComparedAmount => {
          const v = amount(p?.[k] ?? 0, q?.[k] ?? 0);
          totals[k][0]! += v.actual;
          totals[k][1]! += v.whatIf;
          return v;
        };
        return { year, plannedGross: pick('plannedGross'), booked: pick('booked'), retained: pick('retained'), adjustedBudget: { actual: p?.adjustedBudget ?? null, whatIf: q?.adjustedBudget ?? null } };
      }),
    };
  });

  return {
    cases,
    cuts,
    departments,
    totals: {
      approvedNpv: amount(npvA, npvB),
      plannedGross: amount(totals.plannedGross[0]!, totals.plannedGross[1]!),
      booked: amount(totals.booked[0]!, totals.booked[1]!),
      retained: amount(totals.retained[0]!, totals.retained[1]!),
    },
  };
};
