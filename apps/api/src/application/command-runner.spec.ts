import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { departmentDecider, departmentStreamName, fold, type Actor, type DepartmentCommand } from '@gevinst/domain';
import { SqliteEventStore, WrongExpectedRevisionError } from '@gevinst/event-store';
import { CommandRunner, toDomainEvent, type RequestContext } from './command-runner';

const actor = { id: 'frida', role: 'finance', departments: [] } as unknown as Actor;
const context = (commandId: string): RequestContext => ({ actor, commandId, correlationId: commandId });
const budget = (year: number, amount: number): DepartmentCommand => ({ type: 'SetBaselineBudget', data: { departmentId: 'd', year, amount }, context: { actor, now: '2027-01-01T00:00:00.000Z', reason: 'budget' } }) as DepartmentCommand;

/** CommandRunner keeps the decoded events of the streams it reads; what others append must still be seen. */
describe('CommandRunner stream cache', () => {
  let dir: string;
  let store: SqliteEventStore;
  let other: SqliteEventStore;
  let runner: CommandRunner;
  const stream = departmentStreamName('d');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gevinst-runner-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    // Another writer on the same file (another process, a worker): the runner's cache must not hide its appends.
    other = new SqliteEventStore(join(dir, 'events.db'));
    runner = new CommandRunner(store);
    await runner.run({ streamName: stream, decider: departmentDecider, command: { type: 'RegisterDepartment', data: { departmentId: 'd', name: 'D', headId: null }, context: { actor, now: '2027-01-01T00:00:00.000Z' } } as DepartmentCommand, context: context('c-1') });
  });
  afterEach(async () => {
    await store.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only what was appended since, and sees appends made behind its back', async () => {
    const first = await runner.load(stream, departmentDecider);
    expect(first.revision).toBe(0n);
    const behind = new CommandRunner(other);
    await behind.run({ streamName: stream, decider: departmentDecider, command: budget(2027, 100), context: context('c-2') });
    const second = await runner.load(stream, departmentDecider);
    expect(second.revision).toBe(1n);
    expect(second.events.map((e) => e.type)).toEqual(['DepartmentRegistered', 'BaselineBudgetSet']);
    expect(second.events).toEqual(await store.readStream(stream));
    // The arrays handed out are the caller's own.
    second.events.pop();
    expect((await runner.load(stream, departmentDecider)).events).toHaveLength(2);
  });

  it('decides on the current stream even when its cache is behind: the expected revision still guards the append', async () => {
    await runner.load(stream, departmentDecider);
    await new CommandRunner(other).run({ streamName: stream, decider: departmentDecider, command: budget(2027, 100), context: context('c-2') });
    // With If-Match at the revision the cache held, the append is refused.
    await expect(runner.run({ streamName: stream, decider: departmentDecider, command: budget(2028, 5), context: context('c-3'), expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const done = await runner.run({ streamName: stream, decider: departmentDecider, command: budget(2028, 5), context: context('c-4') });
    expect(done.revision).toBe(2n);
    // A re-sent command is recognised from the held events.
    expect(await runner.run({ streamName: stream, decider: departmentDecider, command: budget(2028, 5), context: context('c-4') })).toMatchObject({ duplicate: true, revision: 2n });
  });

  it('goes on from the state it folded before: the same state as folding the whole stream, whoever appended', async () => {
    const behind = new CommandRunner(other);
    for (let i = 0; i < 12; i++) {
      const by = i % 3 === 0 ? behind : runner;
      await by.run({ streamName: stream, decider: departmentDecider, command: budget(2027 + (i % 4), 100 + i), context: context(`c-fold-${i}`) });
      const { state, events } = await runner.load(stream, departmentDecider);
      expect(state).toEqual(fold(departmentDecider, (await store.readStream(stream)).map(toDomainEvent) as never));
      expect(events).toHaveLength(i + 2);
    }
    // The budgets as last set per year.
    expect((await runner.load(stream, departmentDecider)).state).toMatchObject({ baselineBudgets: { '2027': 108, '2028': 109, '2029': 110, '2030': 111 } });
  });
});
