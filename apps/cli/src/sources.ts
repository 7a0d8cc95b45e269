import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import {
  activeCriteria,
  businessCaseDecider,
  businessCaseStreamName,
  candidateFromCase,
  CANDIDATE_STATUSES,
  PORTFOLIO_PLAN_STREAM,
  portfolioPlanDecider,
  rankCandidates,
  revisionContent,
  STRATEGIC_ASSESSMENT_STREAM,
  strategicAssessmentDecider,
  type BusinessCaseEvent,
  type BusinessCaseState,
  type PortfolioCandidate,
} from '@gevinst/domain';
import { scanLog, SqliteEventStore, UpcastingEventStore, type EventStore } from '@gevinst/event-store';
import { eventTypeRegistry, type AppConfig } from '@gevinst/platform';
import {
  ALL_PROJECTIONS,
  caseStatusView,
  caseView,
  economicsView,
  ledgerDocuments,
  portfolioView,
  readDepartmentLedger,
  readDepartmentLedgers,
  realisationCaseDoc,
  resolveAsOf,
  SqliteDocumentStore,
  type BusinessCaseSummary,
  type CutRecord,
  type DocumentReader,
} from '@gevinst/read-models';
import {
  AsOfEngine,
  AsOfInputError,
  assumptionsFromParams,
  atApproval,
  AuditNotFound,
  caseHistory,
  cutHistory,
  CutNotApproved,
  departmentHistory,
  eventRecord,
  parseAsOf,
  parseKeptHead,
  replayVerification,
  streamHistory,
  verifyStore,
  whatIf,
  type AsOfPoint,
  type ChainReport,
  type EventRecord,
  type History,
  type ReplayVerificationReport,
  type WhatIfParams,
  type WhatIfReport,
} from '@gevinst/audit';

/**
 * Where the CLI reads from. Both sources answer the same questions with the same shapes:
 * - the API (`--api <url> --token <token>`): the same endpoints and the same auth as anyone
 *   else — an auditor's token;
 * - the store (direct mode): the embedded SQLite log under DATA_DIR opened read-only, and the
 *   read-model file for "now" views and replay verification; computed by the code the API
 *   answers with (@gevinst/audit, @gevinst/read-models).
 */
export type Point = { asOf?: string | undefined; asOfPosition?: string | undefined };
export type HistorySubject =
  | { kind: 'business-case'; caseId: string }
  | { kind: 'department'; departmentId: string }
  | { kind: 'budget-cut'; caseId: string; cutId: string }
  | { kind: 'stream'; stream: string };
export const VIEWS = ['business-case', 'economics', 'business-cases', 'ledger', 'ledgers', 'cuts', 'realisation', 'portfolio', 'ranking', 'plan'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface AuditSource {
  readonly mode: 'api' | 'store';
  history(subject: HistorySubject): Promise<History>;
  view(name: ViewName, args: readonly string[], point: Point): Promise<unknown>;
  atApproval(caseId: string, cutId: string): Promise<unknown>;
  verify(expectHead?: string): Promise<ChainReport>;
  chainHead(): Promise<{ keep: string | null; head: { position: string; hash: string } | null }>;
  replayVerify(): Promise<ReplayVerificationReport>;
  whatIf(params: WhatIfParams, point: Point): Promise<WhatIfReport>;
  /** Every event after `after`, in log order; returns how many. */
  eachEvent(after: bigint, visit: (event: EventRecord) => void | Promise<void>): Promise<number>;
  close(): Promise<void>;
}

/**
 * An error the CLI reports on stderr and exits with:
 * 2 usage or a refused parameter (400), 3 not allowed / not reachable / not available,
 * 4 not found (404) or not in that state (409).
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

const need = (args: readonly string[], count: number, usage: string): string[] => {
  if (args.length !== count) throw new CliError(2, `usage: ${usage}`);
  return [...args];
};

// ---------------------------------------------------------------------------------------------

export class ApiSource implements AuditSource {
  readonly mode = 'api';
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  history(subject: HistorySubject): Promise<History> {
    const path =
      subject.kind === 'business-case'
        ? `history/business-cases/${enc(subject.caseId)}`
        : subject.kind === 'department'
          ? `history/departments/${enc(subject.departmentId)}`
          : subject.kind === 'budget-cut'
            ? `history/budget-cuts/${enc(subject.caseId)}/${enc(subject.cutId)}`
            : `history/streams/${enc(subject.stream)}`;
    return this.get(`/api/audit/${path}`);
  }

  async view(name: ViewName, args: readonly string[], point: Point): Promise<unknown> {
    const q = pointQuery(point);
    switch (name) {
      case 'business-case': {
        const [caseId] = need(args, 1, 'business-case <caseId>');
        return this.get(`/api/business-cases/${enc(caseId!)}${q}`);
      }
      case 'economics': {
        const [caseId, revision] = need(args, 2, 'economics <caseId> <revision>');
        return this.get(`/api/business-cases/${enc(caseId!)}/revisions/${enc(revision!)}/economics${q}`);
      }
      case 'business-cases':
        need(args, 0, 'business-cases');
        return this.get(`/api/business-cases${q}`);
      case 'ledger': {
        const [departmentId] = need(args, 1, 'ledger <departmentId>');
        return this.get(`/api/departments/${enc(departmentId!)}/ledger${q}`);
      }
      case 'ledgers': {
        need(args, 0, 'ledgers');
        const departments = await this.get<{ items: { departmentId: string }[] }>(`/api/departments${q}`);
        const items: unknown[] = [];
        for (const d of departments.items) items.push(await this.get(`/api/departments/${enc(d.departmentId)}/ledger${q}`));
        return { items };
      }
      case 'cuts':
        need(args, 0, 'cuts');
        return this.get(`/api/budget-cuts${q}`);
      case 'realisation': {
        const [caseId] = need(args, 1, 'realisation <caseId>');
        return this.get(`/api/business-cases/${enc(caseId!)}/realisation${q}`);
      }
      case 'portfolio':
        need(args, 0, 'portfolio');
        return this.get(`/api/realisation/portfolio${q}`);
      case 'ranking':
        need(args, 0, 'ranking');
        return this.get(`/api/prioritisation/ranking${q}`);
      case 'plan':
        need(args, 0, 'plan');
        return this.get(`/api/prioritisation/plan${q}`);
    }
  }

  atApproval(caseId: string, cutId: string): Promise<unknown> {
    return this.get(`/api/audit/budget-cuts/${enc(caseId)}/${enc(cutId)}/at-approval`);
  }

  verify(expectHead?: string): Promise<ChainReport> {
    return this.get(`/api/audit/verify${expectHead ? `?expectHead=${enc(expectHead)}` : ''}`);
  }

  chainHead(): Promise<{ keep: string | null; head: { position: string; hash: string } | null }> {
    return this.get('/api/audit/chain-head');
  }

  replayVerify(): Promise<ReplayVerificationReport> {
    return this.get('/api/audit/replay-verify');
  }

  whatIf(params: WhatIfParams, point: Point): Promise<WhatIfReport> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, ...point })) if (v !== undefined) query.set(k, v);
    return this.get(`/api/audit/what-if?${query.toString()}`);
  }

  async eachEvent(after: bigint, visit: (event: EventRecord) => void | Promise<void>): Promise<number> {
    let count = 0;
    let next: string | null = String(after);
    while (next !== null) {
      const page: { events: EventRecord[]; next: string | null } = await this.get(`/api/audit/log?after=${next}&limit=5000`);
      for (const event of page.events) await visit(event);
      count += page.events.length;
      next = page.next;
    }
    return count;
  }

  async close(): Promise<void> {}

  private async get<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' } });
    } catch (error) {
      throw new CliError(3, `could not reach ${this.base}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    if (response.ok) return body as T;
    const problem = (typeof body === 'object' && body !== null ? body : {}) as { detail?: string; title?: string; 'invalid-params'?: { name: string; reason: string }[] };
    const detail = [problem.detail ?? problem.title ?? text, ...(problem['invalid-params'] ?? []).map((p) => `${p.name}: ${p.reason}`)].join('; ');
    const code = response.status === 400 ? 2 : response.status === 404 || response.status === 409 ? 4 : 3;
    throw new CliError(code, `${response.status} from ${path}: ${detail}`);
  }
}

const enc = encodeURIComponent;
const pointQuery = (point: Point): string =>
  point.asOf !== undefined ? `?asOf=${enc(point.asOf)}` : point.asOfPosition !== undefined ? `?asOfPosition=${enc(point.asOfPosition)}` : '';

// ---------------------------------------------------------------------------------------------

export class StoreSource implements AuditSource {
  readonly mode = 'store';
  private readonly raw: SqliteEventStore;
  private readonly store: EventStore;
  private readonly engine: AsOfEngine;
  private live: SqliteDocumentStore | undefined;
  private liveDb: Database.Database | undefined;

  constructor(private readonly config: AppConfig) {
    if (config.eventStore.kind !== 'sqlite') {
      throw new CliError(3, 'direct mode reads the embedded SQLite log; with EVENTSTORE_URL set, use --api <url> --token <token> (on EventStoreDB the server is the authority over the log)');
    }
    if (!existsSync(config.eventStore.file)) throw new CliError(3, `no event log at ${config.eventStore.file} (set DATA_DIR or --data-dir)`);
    this.raw = new SqliteEventStore(config.eventStore.file, { readonly: true });
    this.store = new UpcastingEventStore(this.raw, eventTypeRegistry());
    this.engine = new AsOfEngine(this.store, ALL_PROJECTIONS);
  }

  history(subject: HistorySubject): Promise<History> {
    return this.mapped(async () => {
      switch (subject.kind) {
        case 'business-case': {
          const { departments: _d, ...history } = await caseHistory(this.store, subject.caseId);
          return history;
        }
        case 'budget-cut': {
          const { departmentId: _d, ...history } = await cutHistory(this.store, subject.caseId, subject.cutId);
          return history;
        }
        case 'department':
          return departmentHistory(this.store, await this.nowReader(), subject.departmentId);
        case 'stream':
          return streamHistory(this.store, subject.stream);
      }
    });
  }

  view(name: ViewName, args: readonly string[], given: Point): Promise<unknown> {
    return this.mapped(async () => {
      const point = await this.point(given);
      const reader = async (projections: string[]): Promise<DocumentReader> => (point ? (await this.engine.replay(point, projections)).reader : this.nowReader());
      const now = async (): Promise<Date> => (point ? new Date((await this.engine.instantOf(point)) ?? Date.now()) : this.now());
      switch (name) {
        case 'business-case':
        case 'economics': {
          const [caseId, revision] = need(args, name === 'economics' ? 2 : 1, name === 'economics' ? 'economics <caseId> <revision>' : 'business-case <caseId>');
          const stream = businessCaseStreamName(caseId!);
          // Without a point: the whole stream (as CommandRunner.load folds it).
          const { state, revision: streamRevision } = await this.engine.load<BusinessCaseState, BusinessCaseEvent>(stream, businessCaseDecider, point ?? { kind: 'position', position: 9223372036854775807n });
          if (state.status === 'empty') throw new AuditNotFound(`No business case ${caseId}`);
          if (name === 'business-case') return caseView(state, streamRevision);
          const content = revisionContent(state, Number(revision));
          if (!content) throw new AuditNotFound(`Case ${caseId} has no revision ${revision}`);
          return economicsView(content, Number(revision));
        }
        case 'business-cases': {
          need(args, 0, 'business-cases');
          const items = (await reader(['business-cases'])).list<BusinessCaseSummary>('business-cases', 'cases').map((e) => e.doc);
          return { items: items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId)) };
        }
        case 'ledger': {
          const [departmentId] = need(args, 1, 'ledger <departmentId>');
          const ledger = readDepartmentLedger(ledgerDocuments(await reader(['department-ledger'])), departmentId!);
          if (!ledger) throw new AuditNotFound(`No department ${departmentId}`);
          return ledger;
        }
        case 'ledgers':
          need(args, 0, 'ledgers');
          return { items: readDepartmentLedgers(ledgerDocuments(await reader(['department-ledger']))) };
        case 'cuts':
          need(args, 0, 'cuts');
          return { items: (await reader(['department-ledger'])).list<CutRecord>('department-ledger', 'cuts').map((e) => e.doc) };
        case 'realisation': {
          const [caseId] = need(args, 1, 'realisation <caseId>');
          const r = await reader(['realisation']);
          const doc = realisationCaseDoc(r, caseId!);
          if (!doc) throw new AuditNotFound(`No business case ${caseId}`);
          return caseStatusView(r, doc, resolveAsOf(r, undefined, await now()));
        }
        case 'portfolio': {
          need(args, 0, 'portfolio');
          const r = await reader(['realisation']);
          return portfolioView(r, resolveAsOf(r, undefined, await now()));
        }
        case 'ranking': {
          // As PortfolioFacts reads them: the candidates from their streams, the case list only says which.
          need(args, 0, 'ranking');
          const at = point ?? { kind: 'position' as const, position: 9223372036854775807n };
          const ids = (await reader(['business-cases']))
            .list<BusinessCaseSummary>('business-cases', 'cases')
            .map((e) => e.doc)
            .filter((c) => (CANDIDATE_STATUSES as readonly string[]).includes(c.status))
            .map((c) => c.caseId);
          const candidates: PortfolioCandidate[] = [];
          for (const id of ids) {
            const candidate = candidateFromCase((await this.engine.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(id), businessCaseDecider, at)).state);
            if (candidate) candidates.push(candidate);
          }
          candidates.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
          const { state } = await this.engine.load(STRATEGIC_ASSESSMENT_STREAM, strategicAssessmentDecider, at);
          return { sortBy: 'npv', criteria: activeCriteria(state), items: rankCandidates(candidates, state, 'npv') };
        }
        case 'plan': {
          need(args, 0, 'plan');
          return { ...(await this.engine.load(PORTFOLIO_PLAN_STREAM, portfolioPlanDecider, point ?? { kind: 'position', position: 9223372036854775807n })).state };
        }
      }
    });
  }

  atApproval(caseId: string, cutId: string): Promise<unknown> {
    return this.mapped(() => atApproval(this.engine, caseId, cutId, economicsView));
  }

  async verify(expectHead?: string): Promise<ChainReport> {
    let expect;
    if (expectHead !== undefined) {
      expect = parseKeptHead(expectHead);
      if (!expect) throw new CliError(2, '--expect-head must be <position>:<sha-256 hex>, as chain-head prints it');
    }
    return verifyStore(this.raw, expect);
  }

  async chainHead(): Promise<{ keep: string | null; head: { position: string; hash: string } | null }> {
    const report = verifyStore(this.raw);
    if (!report.ok) throw new CliError(1, `the hash chain does not verify, no head to keep: ${report.break?.detail ?? ''}`);
    return { keep: report.head ? `${report.head.position}:${report.head.hash}` : null, head: report.head };
  }

  async replayVerify(): Promise<ReplayVerificationReport> {
    if (!existsSync(this.config.readModelFile)) throw new CliError(3, `no read models at ${this.config.readModelFile}: nothing to compare`);
    return replayVerification(this.store, ALL_PROJECTIONS, this.liveStore());
  }

  whatIf(params: WhatIfParams, given: Point): Promise<WhatIfReport> {
    return this.mapped(async () => whatIf(this.store, ALL_PROJECTIONS, assumptionsFromParams(params), await this.point(given)));
  }

  async eachEvent(after: bigint, visit: (event: EventRecord) => void | Promise<void>): Promise<number> {
    let count = 0;
    // A scan: on a large log the SQLite store reads it on its reader thread.
    for await (const page of scanLog(this.store, { after: after === 0n ? 'start' : after, pageSize: 1000 })) {
      for (const event of page) await visit(eventRecord(event));
      count += page.length;
    }
    return count;
  }

  async close(): Promise<void> {
    this.live?.close();
    this.liveDb?.close();
    await this.store.close();
  }

  private async point(given: Point): Promise<AsOfPoint | undefined> {
    const point = parseAsOf(given, await this.now());
    if (point) await this.engine.check(point);
    return point;
  }

  /**
   * "Now" for the files: this machine's clock, or the time of the log's last event if that is
   * later (the API may run on a clock of its own; a moment the log has already recorded is not
   * in the future).
   */
  private async now(): Promise<Date> {
    const head = await this.store.headPosition();
    const last = head === 'start' ? undefined : await this.engine.timeAt(head);
    const wall = Date.now();
    return new Date(last !== undefined && Date.parse(last) > wall ? Date.parse(last) : wall);
  }

  /** The live read models, opened read-only; a replay to the head when there is no read-model file. */
  private async nowReader(): Promise<DocumentReader> {
    if (existsSync(this.config.readModelFile)) return this.liveStore().reader();
    const head = await this.store.headPosition();
    return (await this.engine.replay({ kind: 'position', position: head === 'start' ? 0n : head })).reader;
  }

  private liveStore(): SqliteDocumentStore {
    if (!this.live) {
      this.liveDb = new Database(this.config.readModelFile, { readonly: true, fileMustExist: true });
      this.live = new SqliteDocumentStore({ database: this.liveDb });
    }
    return this.live;
  }

  private async mapped<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AsOfInputError) throw new CliError(2, error.message);
      if (error instanceof AuditNotFound || error instanceof CutNotApproved) throw new CliError(4, error.message);
      throw error;
    }
  }
}
