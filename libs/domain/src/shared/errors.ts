/**
 * Typed domain errors. The domain speaks no HTTP: the API maps
 * IllegalState → 409, RuleViolated → 422, NotPermitted → 403, NotFound → 404, InvalidInput → 400.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'illegal-state' | 'rule-violated' | 'not-permitted' | 'not-found' | 'invalid-input';
  constructor(
    /** A stable, machine-readable code, e.g. 'four-eyes'. */
    readonly code: string,
    message: string,
    /** Extra facts for the caller (amounts, limits). Plain JSON. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command does not fit the aggregate's current state (e.g. approving a draft). */
export class IllegalState extends DomainError {
  readonly kind = 'illegal-state' as const;
}

/** The command breaks a business rule (e.g. four eyes, not faster than the gains arise). */
export class RuleViolated extends DomainError {
  readonly kind = 'rule-violated' as const;
}

/** The actor's role or department scope does not allow the command. */
export class NotPermitted extends DomainError {
  readonly kind = 'not-permitted' as const;
}

/** The thing the command is about does not exist. */
export class NotFound extends DomainError {
  readonly kind = 'not-found' as const;
}

/** The command's content is inconsistent in a way a field validator cannot see. */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid-input' as const;
  constructor(
    code: string,
    message: string,
    /** The field at fault, as a path (e.g. 'costLines[2].years[0].year'). */
    readonly field?: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(code, message, details);
  }
}
