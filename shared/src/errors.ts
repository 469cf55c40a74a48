/**
 * Every error code the API answers with, grouped by feature. Clients switch on these, never on
 * messages (which are written for people and may be translated or reworded).
 */
export const errorCodes = {
  validation: 'request.invalid',
  notFound: 'request.not_found',
  unauthenticated: 'auth.unauthenticated',
  forbidden: 'auth.forbidden',
  crossSite: 'auth.cross_site_request',
  invalidCredentials: 'auth.invalid_credentials',
  emailTaken: 'auth.email_taken',
  rateLimited: 'request.rate_limited',
  payloadTooLarge: 'request.payload_too_large',
  unsupportedMediaType: 'request.unsupported_media_type',
  internal: 'server.internal',
  serviceUnavailable: 'server.unavailable',
} as const;
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes] | `${string}.${string}`;
