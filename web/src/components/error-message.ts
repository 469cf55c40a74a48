import { errorCodes } from '@wuzhen/shared';
import type { TFunction } from 'i18next';
import { ApiError, clientErrorCodes } from '../api/client.ts';

/**
 * Translations of error codes, used in languages other than English. The server writes its
 * messages in English for people and often names the thing that is wrong, so English readers
 * get them verbatim; other readers get the translated sentence for the code when we have one.
 */
const translatedCodes = {
  [errorCodes.validation]: 'apiErrors.validation',
  [errorCodes.notFound]: 'apiErrors.notFound',
  [errorCodes.unauthenticated]: 'apiErrors.unauthenticated',
  [errorCodes.forbidden]: 'apiErrors.forbidden',
  [errorCodes.crossSite]: 'apiErrors.crossSite',
  [errorCodes.invalidCredentials]: 'apiErrors.invalidCredentials',
  [errorCodes.emailTaken]: 'apiErrors.emailTaken',
  [errorCodes.rateLimited]: 'apiErrors.rateLimited',
  [errorCodes.payloadTooLarge]: 'apiErrors.payloadTooLarge',
  [errorCodes.unsupportedMediaType]: 'apiErrors.unsupportedMediaType',
  [errorCodes.internal]: 'apiErrors.internal',
  [errorCodes.duplicate]: 'apiErrors.duplicate',
  [errorCodes.auth.invalidLink]: 'apiErrors.invalidLink',
  [errorCodes.invitations.onTeam]: 'apiErrors.judgeOnTeam',
  [errorCodes.teams.memberIsOwner]: 'apiErrors.teamMemberIsOwner',
  [errorCodes.teams.alreadyMember]: 'apiErrors.teamAlreadyMember',
  [errorCodes.teams.memberIsJudge]: 'apiErrors.teamMemberIsJudge',
  [errorCodes.teams.invitationNotFound]: 'apiErrors.teamInvitationNotFound',
  [errorCodes.teams.invitationUsed]: 'apiErrors.teamInvitationUsed',
  [errorCodes.teams.invitationExpired]: 'apiErrors.teamInvitationExpired',
  [errorCodes.teams.invitationOtherAccount]: 'apiErrors.teamInvitationOtherAccount',
  [errorCodes.teams.emailUnverified]: 'apiErrors.teamEmailUnverified',
  [errorCodes.teams.registrationClosed]: 'apiErrors.teamRegistrationClosed',
} as const satisfies Record<string, `apiErrors.${string}`>;

const hasTranslation = (code: string): code is keyof typeof translatedCodes => code in translatedCodes;

/** The sentence to show a person for any error thrown by the API client (or anything else). */
export function errorMessage(error: unknown, t: TFunction, language: string): string {
  if (error instanceof ApiError) {
    const clientMade =
      error.code === clientErrorCodes.network || error.code === clientErrorCodes.unexpectedResponse;
    if (clientMade || language === 'en' || !hasTranslation(error.code)) return error.message;
    return t(translatedCodes[error.code]);
  }
  return t('errors.unknown');
}
