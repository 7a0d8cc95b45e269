import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@gevinst/event-store';
import type { AppConfig, AuthenticatedActor } from '@gevinst/platform';
import { isScoped, assertDepartmentScope } from '../auth/scope';
import { economicsView } from '@gevinst/read-models';
import { ForbiddenProblem, NotFoundProblem, ProblemError, PROBLEM_TYPE_BASE } from '../http/problem';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ReadModels } from '../read-models/read-models';
import { AsOfService, toProblem } from './as-of.service';
import { readsBetweenTurns } from './between-turns';
import {
  eventRecord,
  replayVerification,
  verifyLogFile,
  whatIf,
  type AsOfPoint,
  type ChainReport,
  type EventRecord,
  type KeptHead,
  type ReplayVerificationReport,
  type WhatIfAssumptions,
  type WhatIfReport,
} from '@gevinst/audit';
import * as audit from '@gevinst/audit';

export type { History } from '@gevinst/audit';

/** The core's "not found" / "not approved" as problems. */
const problemOf = (error: unknown): unknown => {
  if (error instanceof audit.AuditNotFound) return new NotFoundProblem(error.message);
  if (error instanceof audit.CutNotApproved) {
    return new ProblemError({ type: `${PROBLEM_TYPE_BASE}cut-not-approved`, title: 'Not approved', status: 409, code: 'cut-not-approved', detail: error.message });
  }
  return toProblem(error);
};
const mapped = async <T>(work: Promise<T>): Promise<T> => {
  try {
    return await work;
  } catch (error) {
    throw problemOf(error);
  }
};

/**
 * The auditor's reads over HTTP: histories with before → after, raw streams and the log, tamper
 * evidence, replay verification, what-if replays and "what did finance see" (libs/audit
 * holds the logic, shared with the CLI's direct mode); here the caller's scope is checked.
 * Nothing here appends an event or writes a read model.
 */
@Injectable()
export class AuditService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readModels: ReadModels,
    private readonly asOf: AsOfService,
  ) {}

  async caseHistory(caseId: string, actor: AuthenticatedActor): Promise<audit.History> {
    // A department head of one receiving department sees that department's cuts only.
    const { departments, ...history } = await mapped(audit.caseHistory(this.store, caseId, (departmentId) => !isScoped(actor) || actor.departments.includes(departmentId)));
    if (isScoped(actor) && !departments.some((d) => actor.departments.includes(d))) {
      throw new ForbiddenProblem(`You may only see the history of your own department's business cases (not ${caseId})`);
    }
    return history;
  }

  async cutHistory(caseId: string, cutId: string, actor: AuthenticatedActor): Promise<audit.History> {
    const { departmentId, ...history } = await mapped(audit.cutHistory(this.store, caseId, cutId));
    assertDepartmentScope(actor, departmentId);
    return history;
  }

  departmentHistory(departmentId: string, actor: AuthenticatedActor): Promise<audit.History> {
    assertDepartmentScope(actor, departmentId);
    return mapped(audit.departmentHistory(this.store, this.readModels.reader, departmentId));
  }

  streamHistory(streamName: string): Promise<audit.History> {
    return mapped(audit.streamHistory(this.store, streamName));
  }

  async rawStream(streamName: string): Promise<{ stream: string; events: EventRecord[] }> {
    const events = await this.store.readStream(streamName);
    if (events.length === 0) throw new NotFoundProblem(`No stream ${streamName}`);
    return { stream: streamName, events: events.map(eventRecord) };
  }

  /** One page of the global log, for exports: `next` is the `after` of the next page (null at the end). */
  async logPage(after: bigint, limit: number): Promise<{ head: string | null; events: EventRecord[]; next: string | null }> {
    const [events, head] = await Promise.all([this.store.readAll({ after: after === 0n ? 'start' : after, maxCount: limit }), this.store.headPosition()]);
    const last = events[events.length - 1];
    return { head: head === 'start' ? null : String(head), events: events.map(eventRecord), next: last && events.length === limit ? String(last.position) : null };
  }

  async verify(expect?: KeptHead): Promise<ChainReport & { store: string; verifiedAt: string }> {
    const file = this.sqliteFile();
    return { store: 'sqlite', verifiedAt: new Date().toISOString(), ...(await verifyLogFile(file, expect)) };
  }

  async chainHead(): Promise<{ store: string; head: { position: string; hash: string } | null; keep: string | null; exportedAt: string; recordedAt: string | null }> {
    const report = await verifyLogFile(this.sqliteFile());
    if (!report.ok) {
      throw new ProblemError({ type: `${PROBLEM_TYPE_BASE}chain-broken`, title: 'The hash chain does not verify', status: 409, code: 'chain-broken', detail: `No head to keep: ${report.break?.detail ?? 'the chain does not verify'}`, break: report.break });
    }
    const recordedAt = report.head ? ((await this.asOf.engine.timeAt(BigInt(report.head.position))) ?? null) : null;
    return { store: 'sqlite', head: report.head, keep: report.head ? `${report.head.position}:${report.head.hash}` : null, recordedAt, exportedAt: new Date().toISOString() };
  }

  /** Replays the whole log (requests are served between its pages: readsBetweenTurns). */
  replayVerify(): Promise<ReplayVerificationReport> {
    return replayVerification(readsBetweenTurns(this.store), this.readModels.projections, this.readModels.docs);
  }

  /** Replays the log twice (requests are served between its pages: readsBetweenTurns). */
  whatIf(assumptions: WhatIfAssumptions, point?: AsOfPoint): Promise<WhatIfReport> {
    return mapped(whatIf(readsBetweenTurns(this.store), this.readModels.projections, assumptions, point));
  }

  async atApproval(caseId: string, cutId: string, actor: AuthenticatedActor): Promise<Record<string, unknown>> {
    const { departmentId } = await mapped(audit.cutProposal(this.store, caseId, cutId));
    assertDepartmentScope(actor, departmentId);
    return mapped(audit.atApproval(this.asOf.engine, caseId, cutId, economicsView));
  }

  private sqliteFile(): string {
    if (this.config.eventStore.kind !== 'sqlite') {
      throw new ProblemError({
        type: `${PROBLEM_TYPE_BASE}not-available-on-eventstoredb`,
        title: 'Not available on EventStoreDB',
        status: 501,
        code: 'not-available-on-eventstoredb',
        detail:
          'The hash chain is a feature of the embedded SQLite log. On EventStoreDB the server is the authority over the log: use its own integrity and backup facilities; history, as-of, replay verification and what-if work as usual.',
      });
    }
    return this.config.eventStore.file;
  }
}
