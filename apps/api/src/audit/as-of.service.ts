import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@gevinst/platform';
import type { Decider } from '@gevinst/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@gevinst/event-store';
import type { DocumentReader } from '@gevinst/read-models';
import { Clock } from '../application/clock';
import { CommandRunner } from '../application/command-runner';
import { ValidationProblem } from '../http/problem';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ReadModels } from '../read-models/read-models';
import { AsOfEngine, AsOfInputError, parseAsOf, type AsOfParams, type AsOfPoint } from '@gevinst/audit';
import { readsBetweenTurns } from './between-turns';

/**
 * As of: any read view for a past time or log position, computed by replaying the events up to
 * it — stream folds for views built from one stream, in-memory replays of the projections for
 * read-model views. Nothing is written. Controllers take the raw query values (`@AsOf()`) and
 * ask here; without as-of parameters every method gives the live answer.
 */
@Injectable()
export class AsOfService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly engine: AsOfEngine;
  private readonly logger = new Logger('as-of');

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly readModels: ReadModels,
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Replays read the log with other work (requests) running between two pages.
    const betweenTurns = readsBetweenTurns(store);
    this.engine = new AsOfEngine(betweenTurns, readModels.projections, {
      keyframeEvery: config.asOfKeyframeEvery,
      maxKeyframes: config.asOfMaxKeyframes,
      // Built in the background: small pages.
      keyframeStore: betweenTurns,
      keyframePageSize: 250,
    });
  }

  /** Keyframes for as-of views are built in the background from start-up (docs/audit.md). */
  onApplicationBootstrap(): void {
    this.extendKeyframes();
  }

  onApplicationShutdown(): void {
    this.engine.stopKeyframes();
  }

  /** Brings the keyframes up to the log's head in the background (the log grows). */
  private extendKeyframes(): void {
    const started = Date.now();
    const before = this.engine.keyframeStatus().count;
    this.engine.buildKeyframes().then(
      (status) => {
        if (status.count > before) this.logger.log(`as-of keyframes: ${status.count} (every ${status.every} events, through position ${status.position}) in ${Date.now() - started} ms`);
      },
      (error: unknown) => this.logger.warn(`as-of keyframes not built: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** The point asked for, checked (400 for a bad value, a time in the future, a position beyond the head); undefined = now. */
  async point(params: AsOfParams | undefined): Promise<AsOfPoint | undefined> {
    if (!params) return undefined;
    for (const name of ['asOf', 'asOfPosition'] as const) {
      const value: unknown = params[name];
      if (value !== undefined && typeof value !== 'string') throw new ValidationProblem([{ name, reason: `give ${name} once, as a string` }]);
    }
    try {
      const point = parseAsOf(params, this.clock.now());
      if (point) await this.engine.check(point);
      return point;
    } catch (error) {
      throw toProblem(error);
    }
  }

  /** The read models (live, or replayed up to the point: only the projections named). */
  async reader(params: AsOfParams | undefined, projections: readonly string[]): Promise<DocumentReader> {
    const point = await this.point(params);
    return point ? this.readerAt(point, projections) : this.readModels.reader;
  }

  async readerAt(point: AsOfPoint, projections: readonly string[]): Promise<DocumentReader> {
    const { reader } = await this.engine.replay(point, projections);
    this.extendKeyframes();
    return reader;
  }

  /** A stream folded (live, or with the events up to the point), like CommandRunner.load. */
  async load<S, E>(
    streamName: string,
    decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>,
    params: AsOfParams | AsOfPoint | undefined,
  ): Promise<{ state: S; revision: bigint | null; events: RecordedEvent[]; point?: AsOfPoint }> {
    const point = params && 'kind' in params ? params : await this.point(params as AsOfParams | undefined);
    if (!point) return this.runner.load(streamName, decider);
    return { ...(await this.engine.load(streamName, decider, point)), point };
  }

  /** "Today" for a view: the clock's now, or the as-of instant (a position: the time of its event). */
  async now(point: AsOfPoint | undefined): Promise<Date> {
    if (!point) return this.clock.now();
    const instant = await this.engine.instantOf(point);
    return instant ? new Date(instant) : this.clock.now();
  }
}

export const toProblem = (error: unknown): unknown =>
  error instanceof AsOfInputError ? new ValidationProblem([{ name: error.param, reason: error.reason }], `Invalid ${error.param}: ${error.reason}`) : error;
