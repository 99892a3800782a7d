import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';

/** Stable error codes; clients may branch on them, so never rename one. */
const STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS;

export interface FieldProblem {
  /** JSON pointer-ish dotted path of the offending field, e.g. `body.email` or `batch.3.userId`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const badField = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

export function zodProblems(err: ZodError, prefix = ''): FieldProblem[] {
  return err.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || prefix || '(root)',
    message: i.message,
  }));
}

function problem(status: number, code: string, detail: string, errors: FieldProblem[] = []) {
  return {
    type: `https://baton.dev/problems/${code}`,
    title: code.replace(/_/g, ' '),
    status,
    code,
    detail,
    ...(errors.length ? { errors } : {}),
  };
}

/** Every error leaves as RFC 9457 problem+json; internal messages never reach a client. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | ZodError, request, reply) => {
    let body;
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      body = problem(err.status, err.code, err.message, err.errors);
    } else if (err instanceof ZodError) {
      const errors = zodProblems(err, 'body');
      body = problem(400, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => ({
        field: [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      body = problem(400, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const code =
        err.statusCode === 413
          ? 'payload_too_large'
          : err.statusCode === 415
            ? 'unsupported_media_type'
            : err.statusCode === 429
              ? 'rate_limited'
              : err.statusCode === 404
                ? 'not_found'
                : 'bad_request';
      // Fastify's own 4xx messages (bad JSON, body too large) describe the request, not secrets.
      body = problem(err.statusCode, code, err.message);
    } else {
      request.log.error({ err }, 'unhandled error');
      body = problem(500, 'internal', 'Something went wrong on our side. It has been logged.');
    }
    reply.status(body.status).type('application/problem+json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .type('application/problem+json')
      .send(problem(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
