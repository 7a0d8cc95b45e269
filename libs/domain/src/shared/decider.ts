/**
 * The shape of every aggregate in the domain: a pure decider.
 * `decide` turns a command and the current state into new events (or throws a DomainError);
 * `evolve` folds one event into the state. Time, ids and the actor arrive on the command.
 */

/** A domain event: what happened, as plain data. Metadata is added by the application. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** A role a person can act in. */
export type Role = 'case-author' | 'finance' | 'management' | 'department-head' | 'auditor' | 'admin';

export const ROLES: readonly Role[] = [
  'case-author',
  'finance',
  'management',
  'department-head',
  'auditor',
  'admin',
];

/** The person issuing a command, as established by authentication. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** Departments the actor is scoped to (case authors and department heads). */
  readonly departments: readonly string[];
}

export interface CommandContext {
  readonly actor: Actor;
  /** ISO-8601 instant at which the command is decided. */
  readonly now: string;
  /** The reason a person gave, where the command asks for one. */
  readonly reason?: string;
}

export interface DomainCommand<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly context: CommandContext;
}

export interface Decider<TCommand, TState, TEvent> {
  decide(command: TCommand, state: TState): TEvent[];
  evolve(state: TState, event: TEvent): TState;
  initialState(): TState;
}

/** Folds events into a state with a decider's evolve. */
export const fold = <TState, TEvent>(
  decider: Pick<Decider<unknown, TState, TEvent>, 'evolve' | 'initialState'>,
  events: readonly TEvent[],
): TState => events.reduce(decider.evolve, decider.initialState());
