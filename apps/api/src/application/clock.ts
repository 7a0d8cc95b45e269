import { Injectable } from '@nestjs/common';

/**
 * The time the application decides and records by: `now` on every command and `recordedAt` on
 * every event, and "today" for the read views. Default: the system clock.
 *
 * One instance per application (a provider of CoreModule). A test that needs history spread
 * over days sets a source of its own on *its* app's clock (`app.get(Clock).use(manual.read)`)
 * instead of faking Date or timers for the whole process.
 */
@Injectable()
export class Clock {
  private source: () => number = Date.now;

  now(): Date {
    return new Date(this.source());
  }

  /** The current instant as ISO-8601 UTC (what events carry). */
  nowIso(): string {
    return this.now().toISOString();
  }

  /** Where the time comes from from now on (milliseconds since the epoch); no argument: the system clock again. */
  use(source?: () => number): void {
    this.source = source ?? Date.now;
  }
}

/** A clock that stands still until it is set or advanced: for tests over several days. */
export class ManualClock {
  private ms: number;

  constructor(start: string | Date) {
    this.ms = ManualClock.toMs(start);
  }

  /** Pass this to `Clock.use`. */
  readonly read = (): number => this.ms;

  /** The time it shows, ISO-8601 UTC. */
  iso(): string {
    return new Date(this.ms).toISOString();
  }

  set(instant: string | Date): void {
    this.ms = ManualClock.toMs(instant);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock: advance by a non-negative number of ms, not ${ms}`);
    this.ms += ms;
  }

  private static toMs(instant: string | Date): number {
    const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
    if (Number.isNaN(ms)) throw new RangeError(`ManualClock: not an instant: ${String(instant)}`);
    return ms;
  }
}
