import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointMovedBackwardsError } from './checkpoint-store';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';

describe('SqliteCheckpointStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gevinst-checkpoints-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at start, keeps positions beyond 2^53 across reopening, and never moves back', async () => {
    const file = join(dir, 'checkpoints.db');
    const store = new SqliteCheckpointStore(file);
    expect(await store.load('relay')).toBe('start');
    const big = 2n ** 60n + 7n;
    await store.save('relay', big);
    await expect(store.save('relay', big - 1n)).rejects.toBeInstanceOf(CheckpointMovedBackwardsError);
    store.close();
    const reopened = new SqliteCheckpointStore(file);
    expect(await reopened.load('relay')).toBe(big);
    expect(await reopened.load('other')).toBe('start');
    reopened.close();
  });

  it('lives in a database the caller already has open, and leaves it open', async () => {
    const db = new Database(join(dir, 'shared.db'));
    const store = new SqliteCheckpointStore(db);
    await store.save('relay', 5n);
    store.close();
    expect(db.prepare('SELECT position FROM messaging_checkpoints').pluck().get()).toBe('5');
    db.close();
  });
});
