/**
 * One error shape for the whole API: RFC 9457 problem details (application/problem+json).
 * Thrown as ProblemError anywhere in the HTTP layer; domain errors are mapped in problem.filter.ts.
 */
export interface InvalidParam {
  /** Path of the field, e.g. `costLines[2].amounts[0].year`. */
  name: string;
  reason: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code, e.g. 'four-eyes'. */
  code?: string;
  'invalid-params'?: InvalidParam[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://gevinst.dk/problems/';

export class ProblemError extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }
}

export class ValidationProblem extends ProblemError {
  constructor(invalidParams: InvalidParam[], detail = 'The request is not valid') {
    super({
      type: `${PROBLEM_TYPE_BASE}validation`,
      title: 'Invalid request',
      status: 400,
      detail,
      code: 'validation',
      'invalid-params': invalidParams,
    });
  }
}

export class UnauthorizedProblem extends ProblemError {
  constructor(detail: string) {
    super({ type: `${PROBLEM_TYPE_BASE}unauthenticated`, title: 'Not authenticated', status: 401, detail, code: 'unauthenticated' });
  }
}

export class ForbiddenProblem extends ProblemError {
  constructor(detail: string) {
    super({ type: `${PROBLEM_TYPE_BASE}forbidden`, title: 'Forbidden', status: 403, detail, code: 'forbidden' });
  }
}

export class NotFoundProblem extends ProblemError {
  constructor(detail: string) {
    super({ type: `${PROBLEM_TYPE_BASE}not-found`, title: 'Not found', status: 404, detail, code: 'not-found' });
  }
}
