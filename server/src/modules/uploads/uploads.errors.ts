import { errorCodes } from '@wuzhen/shared';
import { badRequest, conflict, createError } from '../../app/errors.ts';
import { formatBytes, type UploadRule } from './uploads.limits.ts';

/** Every refusal of the uploads module (files, their limits and transfer): its code, status and sentence, once. */
export const uploadErrors = {
  tooLarge: (rule: UploadRule) =>
    createError({
      code: errorCodes.uploads.tooLarge,
      statusCode: 413,
      message: `This ${rule.label} is larger than ${formatBytes(rule.maxBytes)}, the most a ${rule.label} may be. Make it smaller and upload it again.`,
      details: [{ path: 'file', message: `At most ${formatBytes(rule.maxBytes)}.` }],
    }),
  wrongType: (rule: UploadRule, found: string | undefined) =>
    createError({
      code: errorCodes.uploads.wrongType,
      statusCode: 415,
      message: found
        ? `This file is not ${rule.article} ${rule.formats} file: its content is ${found}. Upload the ${rule.label} as ${rule.formats}.`
        : `This file's content is not ${rule.article} ${rule.formats} file (its type could not be recognised). Upload the ${rule.label} as ${rule.formats}.`,
      details: [{ path: 'file', message: `Use ${rule.formats}.` }],
    }),
  tooMany: (rule: UploadRule) =>
    createError({
      code: errorCodes.uploads.tooMany,
      statusCode: 409,
      message: `This entry already has ${rule.maxFiles === 1 ? `1 ${rule.label}` : `${rule.maxFiles} ${rule.plural}`}, the most allowed. Remove one before adding another.`,
      details: [{ path: 'kind', message: `At most ${rule.maxFiles} per entry.` }],
    }),
  empty: () =>
    createError({
      code: errorCodes.uploads.empty,
      statusCode: 400,
      message: 'The file is empty. Choose the file again and upload it.',
      details: [{ path: 'file', message: 'The file is empty.' }],
    }),
  incomplete: () =>
    createError({
      code: errorCodes.uploads.incomplete,
      statusCode: 400,
      message: 'The upload ended before the whole file arrived, so nothing was kept. Upload the file again.',
    }),
  unknownKind: () =>
    badRequest(errorCodes.uploads.unknownKind, 'Say what the file is: kind must be deck, video or image.', [
      { path: 'kind', message: 'Use deck, video or image.' },
    ]),
  oneFile: () =>
    badRequest(errorCodes.uploads.oneFile, 'Send one file per request.', [
      { path: 'file', message: 'One file at a time.' },
    ]),
  malformed: () =>
    badRequest(
      errorCodes.uploads.malformed,
      'The upload has unexpected parts. Send the fields kind and file only.',
    ),
  notMultipart: () =>
    createError({
      code: errorCodes.uploads.notMultipart,
      statusCode: 415,
      message: 'Send the file as multipart/form-data, with a field named file.',
    }),
  unexpectedFile: (fieldname: string) =>
    badRequest(
      errorCodes.uploads.unexpectedFile,
      `Send the file in a field named file (not "${fieldname}").`,
      [{ path: 'file', message: 'Use the field name file.' }],
    ),
  kindMissing: () =>
    badRequest(
      errorCodes.uploads.kindMissing,
      'Say what the file is before sending it: a field kind (deck, video or image) before the file, or ?kind= in the address.',
      [{ path: 'kind', message: 'Send kind before the file.' }],
    ),
  noFile: () =>
    badRequest(errorCodes.uploads.noFile, 'No file arrived. Send it in a field named file.', [
      { path: 'file', message: 'Choose a file.' },
    ]),
  rangeNotSatisfiable: (size: number) =>
    createError({
      code: errorCodes.files.rangeNotSatisfiable,
      statusCode: 416,
      message: `That byte range is outside the file, which has ${size} bytes.`,
    }),
  lastDeck: () =>
    conflict(
      errorCodes.files.lastDeck,
      'A submitted entry needs its pitch deck. Upload the new deck first, then remove this one, or withdraw the entry.',
    ),
};
