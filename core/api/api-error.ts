import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { askToRetry, errorStatus, logError } from '../http/error-handling.ts';
import { fieldProblems, type FieldProblem } from './validation.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
};

/** Thrown by API handlers: the status, a sentence, and the fields at fault when there are any. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly problems: FieldProblem[];

  constructor(statusCode: number, message: string, problems: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.problems = problems;
  }
}

export interface ProblemBody {
  statusCode: number;
  error: string;
  message: string;
  problems?: FieldProblem[];
  requestId: string;
}

export function problemBody(request: FastifyRequest, statusCode: number, message: string, problems?: FieldProblem[]): ProblemBody {
  return { statusCode, error: REASONS[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Error'), message, ...(problems?.length ? { problems } : {}), requestId: request.id };
}

/** "field: message" strings, as the plugins' services word their input errors. */
export function problemsFromStrings(items: string[], part = 'body'): FieldProblem[] {
  return items.map((text) => {
    const colon = text.indexOf(': ');
    return colon > 0 ? { field: text.slice(0, colon), in: part, message: text.slice(colon + 2) } : { field: '', in: part, message: text };
  });
}

/** Machines get JSON whatever they accept; a validation error names every field at fault. */
export async function apiErrorHandler(error: FastifyError & { problems?: FieldProblem[] }, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    const problems = fieldProblems(error.validation as never, part);
    logError(request, error, 400);
    return reply.code(400).send(problemBody(request, 400, problems.map((p) => `${p.field} ${p.message}`).join('; '), problems));
  }
  const status = errorStatus(error);
  logError(request, error, status);
  askToRetry(reply, status);
  if (status === 503) return reply.code(status).send(problemBody(request, status, 'the database is unavailable for a moment; retry after the seconds in Retry-After'));
  if (status >= 500) return reply.code(status).send(problemBody(request, status, 'the request failed; quote the request id to support'));
  return reply.code(status).send(problemBody(request, status, error.message, error.problems));
}
