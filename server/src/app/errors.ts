import { type ErrorCode, errorCodes, storableTextSchema } from '@wuzhen/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { isRedisUnavailableError } from './redis.ts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: unknown;
  constructor({
    code,
    message,
    statusCode,
    details,
  }: { code: ErrorCode; message: string; statusCode: number; details?: unknown }) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
    this.details = details;
  }
}

/**
 * The validator of every route: each body, query and path is first checked for text PostgreSQL
 * cannot store (a NUL, half a surrogate pair), a 400 naming the field, whatever the route's own
 * schema says. Routes with a validator of their own (the streamed upload) build on this one.
 */
export const storableValidatorCompiler = ({ schema, ...route }: FastifyRouteSchemaDef<z.ZodType>) =>
  validatorCompiler({ ...route, schema: storableTextSchema.pipe(schema) });

/** The one error factory. Messages are for people: say what is wrong and what to do. */
export const createError = (args: {
  code: ErrorCode;
  message: string;
  statusCode: number;
  details?: unknown;
}) => new AppError(args);

export const notFound = (what: string, code: ErrorCode = errorCodes.notFound) =>
  createError({ code, statusCode: 404, message: `${what} was not found, or you may not see it.` });
export const forbidden = (message: string) =>
  createError({ code: errorCodes.forbidden, statusCode: 403, message });
export const unauthenticated = () =>
  createError({ code: errorCodes.unauthenticated, statusCode: 401, message: 'Sign in to continue.' });
export const conflict = (code: ErrorCode, message: string, details?: unknown) =>
  createError({ code, statusCode: 409, message, details });
export const badRequest = (code: ErrorCode, message: string, details?: unknown) =>
  createError({ code, statusCode: 400, message, details });

/** How long a client should wait before retrying while Redis is away (the Retry-After header). */
export const redisRetryAfterSeconds = 5;

/** Redis is away: sign-in and the job routes answer this at once instead of hanging. */
export const redisUnavailable = () =>
  createError({
    code: errorCodes.serviceUnavailable,
    statusCode: 503,
    message:
      'Sign-in and background jobs are paused for a moment: the server cannot reach Redis. Try again in a few seconds; saving reviews and the public pages still work.',
  });

type FieldIssue = { path: string; message: string };

type IssueParams = {
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  values?: unknown[];
};

/**
 * zod's default sentences read like internals ("Too big: expected string to have <=120
 * characters", "Invalid option: expected one of "en"|"zh""); say what to do instead. A schema's
 * own message is kept as it is.
 */
const friendlyMessage = (message: string, keyword: string, params: IssueParams = {}) => {
  if (keyword === 'invalid_type' && /received undefined/.test(message)) return 'This field is required.';
  const unit =
    params.origin === 'string'
      ? 'characters'
      : params.origin === 'array' || params.origin === 'set'
        ? 'items'
        : null;
  if (keyword === 'too_big' && /^Too big/.test(message) && params.maximum !== undefined) {
    const bound = `${params.inclusive === false ? 'less than' : 'at most'} ${params.maximum}`;
    return unit ? `Use ${bound} ${unit}.` : `Use a value of ${bound}.`;
  }
  if (keyword === 'too_small' && /^Too small/.test(message) && params.minimum !== undefined) {
    if (unit === 'characters' && Number(params.minimum) === 1) return 'This field is required.';
    const bound = `${params.inclusive === false ? 'more than' : 'at least'} ${params.minimum}`;
    return unit ? `Use ${bound} ${unit}.` : `Use a value of ${bound}.`;
  }
  if (keyword === 'invalid_value' && /^Invalid option/.test(message) && params.values?.length)
    return `Choose one of: ${params.values.map(String).join(', ')}.`;
  return message;
};

const describeIssues = (issues: FieldIssue[]) => {
  const first = issues[0];
  if (!first) return 'The request is not valid.';
  const where = first.path ? `${first.path}: ` : '';
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${where}${first.message}${more}`;
};

const pgUniqueViolation = '23505';
const pgCheckViolation = '23514';
const pgForeignKeyViolation = '23503';

/** Answers in the one error format. */
const sendError = (
  request: FastifyRequest,
  reply: FastifyReply,
  {
    statusCode,
    code,
    message,
    details,
  }: { statusCode: number; code: ErrorCode; message: string; details?: unknown },
) =>
  reply.status(statusCode).send({
    error: details === undefined ? { code, message } : { code, message, details },
    requestId: request.id,
  });

/**
 * The longest path segment the router takes. Longer than any id, token or slug, so that an
 * over-long id reaches its schema and is refused there, naming the parameter.
 */
export const maxParamLength = 1000;

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or error handler runs (a
 * %-escape that is not UTF-8, a path segment past maxParamLength) answers in the error format too.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendError(request, reply, {
      statusCode: 414,
      code: errorCodes.uriTooLong,
      message: `A part of this address is longer than ${maxParamLength} characters; no identifier is that long. Check the link.`,
    });
  if (err.code === 'FST_ERR_BAD_URL')
    return sendError(request, reply, {
      statusCode: 400,
      code: errorCodes.validation,
      message:
        'This address holds a %-escape that is not valid UTF-8 text, so it names nothing here. Check the link.',
    });
  request.log.error({ err }, 'router error');
  return sendError(request, reply, {
    statusCode: 500,
    code: errorCodes.internal,
    message: 'Something went wrong on our side. Try again, and tell the organizers if it persists.',
  });
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { cause?: unknown }, request, reply) => {
    const send = (statusCode: number, code: ErrorCode, message: string, details?: unknown) =>
      sendError(request, reply, { statusCode, code, message, details });

    if (err instanceof AppError) {
      if (err.statusCode === 503) reply.header('retry-after', String(redisRetryAfterSeconds));
      return send(err.statusCode, err.code, err.message, err.details);
    }
    if (isRedisUnavailableError(err)) {
      const unavailable = redisUnavailable();
      reply.header('retry-after', String(redisRetryAfterSeconds));
      return send(unavailable.statusCode, unavailable.code, unavailable.message);
    }

    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const issues: FieldIssue[] = err.validation.map((v) => ({
        path: [where === 'body' ? '' : where, ...v.instancePath.split('/')].filter((p) => p !== '').join('.'),
        message: friendlyMessage(v.message ?? 'is not valid', v.keyword, v.params as IssueParams),
      }));
      return send(400, errorCodes.validation, describeIssues(issues), issues);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return send(
        500,
        errorCodes.internal,
        'Something went wrong on our side. Try again, and tell the organizers if it persists.',
      );
    }

    const pgCode = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
    if (pgCode === pgUniqueViolation) {
      return send(
        409,
        errorCodes.duplicate,
        'That already exists. Change the name or identifier and try again.',
      );
    }
    if (pgCode === pgCheckViolation || pgCode === pgForeignKeyViolation) {
      request.log.warn({ err }, 'database constraint refused a write');
      return send(
        400,
        errorCodes.validation,
        'The request breaks a rule of the data (a value out of range or a missing reference). Check the values and try again.',
      );
    }

    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT') {
      return send(
        413,
        errorCodes.payloadTooLarge,
        'The request is too large. Send a smaller file or fewer items.',
      );
    }
    if (status === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(
        415,
        errorCodes.unsupportedMediaType,
        'That content type is not accepted here. Send JSON, or multipart for file uploads.',
      );
    }
    if (status === 429) {
      return send(
        429,
        errorCodes.rateLimited,
        err.message || 'Too many attempts. Wait a minute and try again.',
      );
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, empty body…): their messages are already specific.
      const message =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'The request body is not valid JSON. Send a JSON object.'
          : err.message;
      return send(
        status,
        status === 400 ? errorCodes.validation : (`request.http_${status}` as const),
        message,
      );
    }
    request.log.error({ err }, 'unhandled error');
    return send(
      500,
      errorCodes.internal,
      'Something went wrong on our side. Try again, and tell the organizers if it persists.',
    );
  });
}
