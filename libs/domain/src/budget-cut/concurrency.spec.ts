import { fold } from '../shared/decider';
import { DomainError, RuleViolated } from '../shared/errors';
import { kr, type Ore } from '../shared/money';
import { budgetCutDecider } from './budget-cut.decider';
import type { BudgetCutEvent, BudgetCutProposed } from './budget-cut.events';
import { harvestedUpTo } from './budget-cut.queries';
import { anna, propose, DEPT } from './test-fixtures';

// 2026: gross 400k kr at 25 % retained → at most 300k kr may be cut without an override.
const LIMIT = kr(300_000);

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** 20 proposals for the same case, department and year whose sum is well beyond the limit. */
const twentyProposals = (rnd: () => number) =>
  Array.from({ length: 20 }, (_, i) =>
    propose({ cutId: `cut-${i + 1}`, year: 2026, amount: kr(10_000 + Math.floor(rnd() * 60_000)) }, { ...anna, id: `finance-${i}` }),
  );

const acceptedSum = (events: readonly BudgetCutEvent[]): Ore =>
  events.filter((e): e is BudgetCutProposed => e.type === 'BudgetCutProposed').reduce((sum, e) => sum + e.data.amount, 0);

describe('budget cut: 20 proposals against the same case and year, decided one after another', () => {
  it.each([1, 2, 3, 42, 2026])('never accepts more than the planned cut in sum (seed %i)', (seed) => {
    const proposals = twentyProposals(random(seed));
    expect(proposals.reduce((s, p) => s + (p.data.amount ?? 0), 0)).toBeGreaterThan(LIMIT);

    const stream: BudgetCutEvent[] = [];
    let refused = 0;
    for (const command of proposals) {
      try {
        stream.push(...budgetCutDecider.decide(command, fold(budgetCutDecider, stream)));
      } catch (error) {
        expect(error).toBeInstanceOf(RuleViolated);
        expect((error as RuleViolated).code).toBe('not-faster-than-they-arise');
        refused++;
      }
      expect(acceptedSum(stream)).toBeLessThanOrEqual(LIMIT);
    }
    expect(refused).toBeGreaterThan(0);
    expect(harvestedUpTo(fold(budgetCutDecider, stream), DEPT, 2026)).toBe(acceptedSum(stream));
  });
});

// ---- the handler's loop over a stream with optimistic concurrency, in memory ----

class WrongExpectedRevision extends Error {}

/** One stream in memory, with an append at an expected revision and random delays in between. */
class InMemoryStream {
  readonly events: BudgetCutEvent[] = [];
  conflicts = 0;
  constructor(
    private readonly rnd: () => number,
    private readonly checkRevision = true,
  ) {}

  private async pause(): Promise<void> {
    const turns = Math.floor(this.rnd() * 4);
    for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async read(): Promise<{ events: BudgetCutEvent[]; revision: number }> {
    await this.pause();
    return { events: [...this.events], revision: this.events.length };
  }

  async append(events: readonly BudgetCutEvent[], expectedRevision: number): Promise<void> {
    await this.pause();
    if (this.checkRevision && expectedRevision !== this.events.length) {
      this.conflicts++;
      throw new WrongExpectedRevision();
    }
    this.events.push(...events);
  }
}

type Outcome = 'accepted' | 'refused' | 'gave-up';

/** What the command handler does: read, fold, decide, append at the revision read; retry a conflict. */
const handle = async (stream: InMemoryStream, command: ReturnType<typeof propose>, attempts = 25): Promise<Outcome> => {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const { events, revision } = await stream.read();
    let decided: BudgetCutEvent[];
    try {
      decided = budgetCutDecider.decide(command, fold(budgetCutDecider, events));
    } catch (error) {
      if (error instanceof DomainError) return 'refused';
      throw error;
    }
    try {
      await stream.append(decided, revision);
      return 'accepted';
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
    }
  }
  return 'gave-up';
};

describe('budget cut: 20 parallel proposals with appends at the expected revision', () => {
  it.each([7, 11, 99, 1234, 31337])('the accepted cuts never sum beyond the planned cut (seed %i)', async (seed) => {
    const rnd = random(seed);
    const stream = new InMemoryStream(rnd);
    const outcomes = await Promise.all(twentyProposals(rnd).map((command) => handle(stream, command)));

    expect(stream.conflicts).toBeGreaterThan(0); // the proposals really raced
    expect(outcomes).not.toContain('gave-up');
    expect(outcomes).toContain('refused');
    expect(acceptedSum(stream.events)).toBeLessThanOrEqual(LIMIT);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(stream.events.length);
  });

  it('would run ahead without the expected revision (the check above is what makes it safe)', async () => {
    const rnd = random(7);
    const stream = new InMemoryStream(rnd, false);
    await Promise.all(twentyProposals(rnd).map((command) => handle(stream, command)));
    expect(acceptedSum(stream.events)).toBeGreaterThan(LIMIT);
  });
});
