import type { LogPosition } from '@gevinst/event-store';

/**
 * Where a relay remembers how far into the global log it has published. A position is saved
 * only after everything up to it was acknowledged by the broker.
 */
export interface CheckpointStore {
  /** The saved position, or 'start' when nothing was saved under this name. */
  load(name: string): Promise<LogPosition>;
  /** Saves the position; refuses to move backwards (a sign of two relays on one checkpoint). */
  save(name: string, position: bigint): Promise<void>;
}

export class CheckpointMovedBackwardsError extends Error {
  override readonly name = 'CheckpointMovedBackwardsError';
  constructor(checkpointName: string, current: bigint, attempted: bigint) {
    super(`Checkpoint ${checkpointName} is at ${current}; refusing to move it back to ${attempted}`);
  }
}

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, bigint>();

  async load(name: string): Promise<LogPosition> {
    return this.positions.get(name) ?? 'start';
  }

  async save(name: string, position: bigint): Promise<void> {
    const current = this.positions.get(name);
    if (current !== undefined && position < current) throw new CheckpointMovedBackwardsError(name, current, position);
    this.positions.set(name, position);
  }
}
