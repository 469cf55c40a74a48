import { errorCodes } from '@wuzhen/shared';
import { createError } from '../../app/errors.ts';

/** Every refusal of the tally module: its code, status and sentence, once. */
export const tallyErrors = {
  noSnapshot: (method?: string) =>
    createError({
      code: errorCodes.tally.noSnapshot,
      statusCode: 404,
      message: method
        ? `No tally with the ${method} method yet: run the tally with that method first.`
        : 'No tally yet: run the tally first.',
    }),
};
