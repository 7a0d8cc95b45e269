import { Injectable } from '@nestjs/common';
import { businessCaseDecider, businessCaseStreamName, type BusinessCaseEvent, type BusinessCaseState, type RealisationReport } from '@gevinst/domain';
import { monthLabel, realisationReportOf, resolveAsOf, type DocumentReader, type RealisationCaseDoc, type RealisationReportLifecycle } from '@gevinst/read-models';
import { Clock } from '../application/clock';
import { CommandRunner } from '../application/command-runner';
import type { ReportMeta } from './realisation-report.html';

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

/** 'YYYY-MM' → that month; 'YYYY' → its December; otherwise undefined. */
export const parseReportPeriod = (value: string): number | undefined => {
  const match = PERIOD.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * 12 + (match[2] === undefined ? 11 : Number(match[2]) - 1);
};

const monthOfIso = (iso: string): number => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/**
 * The realisation report of one case: the figures from the realisation read model, the
 * approval and go-live (who and when) from the case's business-case stream. The month it is as
 * of: the one asked for; by default a year after go-live (the go-live month and the eleven
 * after it), or this month when that year has not passed or the case has not gone live; never
 * beyond what the read model has computed.
 */
@Injectable()
export class RealisationReportService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
  ) {}

  async report(reader: DocumentReader, doc: RealisationCaseDoc, requested: number | undefined): Promise<{ report: RealisationReport; meta: ReportMeta }> {
    const lifecycle = await this.lifecycle(doc.caseId);
    const now = this.clock.now();
    const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
    let wanted: number;
    let asOfBasis: ReportMeta['asOfBasis'];
    if (requested !== undefined) {
      wanted = requested;
      asOfBasis = 'requested';
    } else if (lifecycle.goLive && monthOfIso(lifecycle.goLive.at) + 11 <= thisMonth) {
      wanted = monthOfIso(lifecycle.goLive.at) + 11;
      asOfBasis = 'one-year-after-go-live';
    } else {
      wanted = thisMonth;
      asOfBasis = 'this-month';
    }
    const asOf = resolveAsOf(reader, wanted, now);
    const report = realisationReportOf(reader, doc, asOf.month, lifecycle);
    return {
      report,
      meta: {
        generatedAt: now.toISOString(),
        asOfBasis,
        requestedAsOfPeriod: requested === undefined ? null : monthLabel(requested),
        computedThrough: asOf.computedThrough === null ? null : monthLabel(asOf.computedThrough),
        preliminary: asOf.month >= thisMonth,
      },
    };
  }

  /** Who approved the revision in force and when; when the case went live. */
  private async lifecycle(caseId: string): Promise<RealisationReportLifecycle> {
    const { state } = await this.runner.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider);
    if (state.status === 'empty') return { approval: null, goLive: null };
    const approved = state.approvals[state.approvals.length - 1];
    const live = state.history.find((h) => h.event === 'BusinessCaseWentLive');
    return {
      approval: approved ? { revision: approved.revision, at: approved.at, by: approved.by.id, reason: approved.reason } : null,
      goLive: live ? { at: live.at, by: live.by.id } : null,
    };
  }
}
