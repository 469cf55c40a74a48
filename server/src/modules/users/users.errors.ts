import { errorCodes } from '@wuzhen/shared';
import { badRequest, createError } from '../../app/errors.ts';

/** Every refusal of the accounts module: its code, status and sentence, once. */
export const usersErrors = {
  invalidCredentials: () =>
    createError({
      code: errorCodes.invalidCredentials,
      statusCode: 401,
      message: 'The email or password is not right. Check both and try again.',
    }),
  emailTaken: () =>
    createError({
      code: errorCodes.emailTaken,
      statusCode: 400,
      message: 'An account with this email already exists. Sign in instead, or use another email.',
      details: [{ path: 'email', message: 'An account with this email already exists.' }],
    }),
  alreadyVerified: (user: { email: string }) =>
    createError({
      code: errorCodes.auth.alreadyVerified,
      statusCode: 409,
      message: `${user.email} is confirmed already.`,
    }),
  invalidVerificationLink: () =>
    badRequest(
      errorCodes.auth.invalidLink,
      'This confirmation link was used already or has expired. Sign in and ask for a new one on your profile page.',
      [{ path: 'token', message: 'Used or expired.' }],
    ),
  invalidResetLink: () =>
    badRequest(
      errorCodes.auth.invalidLink,
      'This reset link was used already or has expired (links work once, for one hour). Ask for a new one from the sign-in page.',
      [{ path: 'token', message: 'Used or expired.' }],
    ),
  wrongPassword: () =>
    badRequest(errorCodes.auth.wrongPassword, 'The current password is not right.', [
      { path: 'currentPassword', message: 'Not your current password.' },
    ]),
};
