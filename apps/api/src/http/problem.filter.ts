import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@gevinst/domain';
import { EventDecodingError, EventStoreUnavailableError, WrongExpectedRevisionError } from '@gevinst/event-store';
import { ProjectionFaultedError, ProjectionRunnerStoppedError, ProjectionWaitTimeoutError } from '@gevinst/read-models';
import { PROBLEM_TYPE_BASE, ProblemError, type ProblemDetails } from './problem';

interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): void;
  end(body: string): void;
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  'invalid-input': 400,
  'not-permitted': 403,
  'not-found': 404,
  'illegal-state': 409,
  'rule-violated': 422,
};

/** Errors thrown by the HTTP body parser before a route runs. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
}
const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' &&
  typeof ((e as { status?: unknown }).status ?? (e as { statusCode?: unknown }).statusCode) === 'number';

/** Maps every error to an RFC 9457 problem; never leaks internals, never a 500 for bad input. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const request = host.switchToHttp().getRequest<{ url?: string }>();
    const problem = this.toProblem(error);
    problem.instance ??= request.url;
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    if (response.headersSent) return;
    response.status(problem.status);
    response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    if (problem.status === 503) response.setHeader('Retry-After', '5');
    response.end(JSON.stringify(problem));
  }

  toProblem(error: unknown): ProblemDetails {
    if (error instanceof ProblemError) return { ...error.problem };
    if (error instanceof DomainError) {
      const status = DOMAIN_STATUS[error.kind];
      const field = (error as { field?: string }).field;
      return {
        type: `${PROBLEM_TYPE_BASE}${error.code}`,
        title: TITLES[status] ?? 'Error',
        status,
        detail: error.message,
        code: error.code,
        ...(error.details ? { details: error.details } : {}),
        ...(field ? { 'invalid-params': [{ name: field, reason: error.message }] } : {}),
      };
    }
    if (error instanceof WrongExpectedRevisionError) {
      return {
        type: `${PROBLEM_TYPE_BASE}conflict`,
        title: 'Conflict',
        status: 409,
        detail: 'Someone else changed this first; reload and try again',
        code: 'revision-conflict',
        expectedRevision: String(error.expected),
        actualRevision: String(error.actual),
      };
    }
    if (error instanceof ProjectionWaitTimeoutError || error instanceof ProjectionFaultedError || error instanceof ProjectionRunnerStoppedError) {
      // The command was recorded; only read-your-writes failed (e.g. the read-model file cannot be
      // written, or the process is stopping).
      return {
        type: `${PROBLEM_TYPE_BASE}read-models-behind`,
        title: 'Service unavailable',
        status: 503,
        detail: 'The change is recorded, but the read models have not caught up with it; re-send the request with the same Idempotency-Key to get its result',
        code: 'read-models-behind',
      };
    }
    if (error instanceof EventStoreUnavailableError) {
      return { type: `${PROBLEM_TYPE_BASE}unavailable`, title: 'Service unavailable', status: 503, detail: error.message, code: 'store-unavailable' };
    }
    if (error instanceof EventDecodingError) {
      return { type: `${PROBLEM_TYPE_BASE}internal`, title: 'Internal error', status: 500, detail: 'A stored event could not be read', code: 'event-decoding' };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
      return { type: `${PROBLEM_TYPE_BASE}${status === 404 ? 'not-found' : 'http'}`, title: TITLES[status] ?? 'Error', status, detail, code: status === 404 ? 'not-found' : `http-${status}` };
    }
    if (isBodyParserError(error)) {
      const status = error.status ?? error.statusCode ?? 400;
      const detail =
        error.type === 'entity.parse.failed'
          ? 'The body is not valid JSON'
          : error.type === 'entity.too.large'
            ? 'The body is too large'
            : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
              ? 'The body encoding is not supported'
              : 'The body could not be read';
      return { type: `${PROBLEM_TYPE_BASE}bad-body`, title: TITLES[status] ?? 'Bad request', status: status >= 500 ? 400 : status, detail, code: error.type };
    }
    return { type: `${PROBLEM_TYPE_BASE}internal`, title: 'Internal error', status: 500, detail: 'An unexpected error occurred', code: 'internal' };
  }
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Rule violated',
  428: 'Precondition required',
  503: 'Service unavailable',
};
