import { errorCodes } from '@wuzhen/shared';
import { createError } from '../../app/errors.ts';

/** Every refusal of the announcements module: its code, status and sentence, once. */
export const announcementsErrors = {
  tooManyStreams: () =>
    createError({
      code: errorCodes.announcements.tooManyStreams,
      statusCode: 429,
      message:
        'Too many live views are open from your network. Close some of them; this page keeps trying and joins in a few seconds.',
    }),
  serverBusy: () =>
    createError({
      code: errorCodes.announcements.serverBusy,
      statusCode: 503,
      message:
        'The live view is full on this server right now. The published results still show; this page keeps trying and joins in a few seconds.',
    }),
};
