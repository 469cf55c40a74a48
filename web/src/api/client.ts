import { i18n } from '../i18n/i18n.ts';

/** One problem with one field of a request body, as the API reports a 400 `request.invalid`. */
export type FieldIssue = { path: string; message: string };

/** An error answered by the API (or our stand-in for one when the API could not be reached). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;

  constructor({
    status,
    code,
    message,
    details,
    requestId = null,
  }: { status: number; code: string; message: string; details?: unknown; requestId?: string | null }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

/** Codes the client makes up itself; the server's own codes live in `errorCodes` in @wuzhen/shared. */
export const clientErrorCodes = {
  network: 'network.unreachable',
  unexpectedResponse: 'network.unexpected_response',
} as const;

const isFieldIssue = (value: unknown): value is FieldIssue =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as FieldIssue).path === 'string' &&
  typeof (value as FieldIssue).message === 'string';

/** The field problems of a validation error, in the order the server gave them. */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.status !== 400 || !Array.isArray(error.details)) return [];
  return error.details.filter(isFieldIssue);
}

/**
 * Field path → first message, to put under form inputs: `fieldErrors(error).email`.
 * Paths are the body's dotted paths as the server reports them (`name`, `criteria.0.key`).
 */
export function fieldErrors(error: unknown): Partial<Record<string, string>> {
  const byPath: Partial<Record<string, string>> = {};
  for (const issue of fieldIssues(error)) byPath[issue.path] ??= issue.message;
  return byPath;
}

type ErrorBody = { error: { code: string; message: string; details?: unknown }; requestId?: string };

const isErrorBody = (body: unknown): body is ErrorBody => {
  const error = (body as ErrorBody | null)?.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.code === 'string' &&
    typeof error.message === 'string'
  );
};

export type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
};

export const apiBase = '/api/v1';

export function apiUrl(path: string, query?: ApiRequest['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const qs = search.toString();
  return `${apiBase}${path}${qs ? `?${qs}` : ''}`;
}

/**
 * Calls `/api/v1{path}` with the session cookie and JSON both ways. Resolves to the parsed body
 * (undefined for 204); rejects with an ApiError carrying the server's code, message, details and
 * request id, or a translated "cannot reach the server" when the request never got an answer.
 */
export async function api<T>(
  path: string,
  { method = 'GET', body, query, signal }: ApiRequest = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.resolvedLanguage ?? 'en',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError({ status: 0, code: clientErrorCodes.network, message: i18n.t('errors.network') });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }

  if (response.ok && (parsed !== undefined || text === '')) return parsed as T;
  if (!response.ok && isErrorBody(parsed)) {
    throw new ApiError({
      status: response.status,
      code: parsed.error.code,
      message: parsed.error.message,
      details: parsed.error.details,
      requestId: parsed.requestId ?? response.headers.get('x-request-id'),
    });
  }
  // A proxy's HTML error page, an empty 502, or a 200 that is not JSON.
  throw new ApiError({
    status: response.status,
    code: clientErrorCodes.unexpectedResponse,
    message: i18n.t('errors.unexpectedResponse', { status: response.status }),
    requestId: response.headers.get('x-request-id'),
  });
}
