import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, apiUrl, clientErrorCodes, fieldErrors, fieldIssues } from './client.ts';

const respond = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  vi.fn(
    async () =>
      new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers,
      }),
  );

afterEach(() => vi.unstubAllGlobals());

describe('api', () => {
  it('sends JSON with the session cookie and answers the parsed body', async () => {
    const fetch = respond(201, { competition: { id: 'c1' } });
    vi.stubGlobal('fetch', fetch);
    await expect(api('/competitions', { method: 'POST', body: { name: 'Wuzhen' } })).resolves.toEqual({
      competition: { id: 'c1' },
    });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/competitions');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"name":"Wuzhen"}' });
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('answers undefined for 204', async () => {
    vi.stubGlobal('fetch', respond(204));
    await expect(api('/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
  });

  it('throws the server error with code, message, details and request id', async () => {
    const details = [{ path: 'slug', message: 'Use lower-case letters.' }];
    vi.stubGlobal(
      'fetch',
      respond(400, {
        error: { code: 'request.invalid', message: 'slug: Use lower-case letters.', details },
        requestId: 'r-7',
      }),
    );
    const error = await api('/competitions', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'request.invalid',
      message: 'slug: Use lower-case letters.',
      details,
      requestId: 'r-7',
    });
  });

  it('turns a network failure into a translated "cannot reach the server"', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await api('/auth/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: clientErrorCodes.network });
    expect((error as Error).message).toMatch(/Cannot reach the server/);
  });

  it('reports a non-JSON error page as an unexpected answer', async () => {
    vi.stubGlobal('fetch', respond(502, '<html>Bad gateway</html>'));
    await expect(api('/auth/me')).rejects.toMatchObject({
      status: 502,
      code: clientErrorCodes.unexpectedResponse,
    });
  });
});

describe('apiUrl', () => {
  it('adds only the query values that are set', () => {
    expect(apiUrl('/competitions', { cursor: null, limit: 50, trackId: undefined })).toBe(
      '/api/v1/competitions?limit=50',
    );
  });
});

describe('fieldErrors', () => {
  const invalid = new ApiError({
    status: 400,
    code: 'request.invalid',
    message: 'email: Enter a valid email address.',
    details: [
      { path: 'email', message: 'Enter a valid email address.' },
      { path: 'email', message: 'A second problem with the email.' },
      { path: 'criteria.0.key', message: 'Use letters.' },
      { nonsense: true },
    ],
  });

  it('maps each field path to its first message', () => {
    expect(fieldErrors(invalid)).toEqual({
      email: 'Enter a valid email address.',
      'criteria.0.key': 'Use letters.',
    });
  });

  it('ignores malformed details and errors that are not validation errors', () => {
    expect(fieldIssues(invalid)).toHaveLength(3);
    expect(
      fieldErrors(
        new ApiError({ status: 409, code: 'x.y', message: 'm', details: [{ path: 'a', message: 'b' }] }),
      ),
    ).toEqual({});
    expect(fieldErrors(new Error('boom'))).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});
