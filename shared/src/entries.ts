import { z } from 'zod';
import { emailSchema, personNameSchema } from './auth.ts';
import { idSchema, isoDateTimeSchema, patchBodyOf } from './common.ts';

/** Every ISO 3166-1 alpha-2 code: a team's country or region must be one of them. */
export const countryCodes = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV ' +
  'BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ' +
  'ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE ' +
  'IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
  'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU ' +
  'NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM ' +
  'SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE ' +
  'VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');
const countryCodeSet = new Set(countryCodes);

/** A country or region as an ISO 3166-1 alpha-2 code that exists ("cn" is read as CN). */
export const teamCountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => countryCodeSet.has(c), {
    message: 'Use a two-letter ISO 3166-1 country or region code such as CN, DE or SG.',
  });

/** Characters as people (and PostgreSQL's char_length) count them, not UTF-16 units. */
export const characterCount = (s: string) => [...s].length;
export const summaryMaxLength = 300;

const trimmed = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const urlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((s) => /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s), {
    message: 'Use a full web address starting with https://',
  });
// An empty field clears the link.
const optionalUrl = z
  .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), urlSchema.nullable())
  .optional();

export const teamMemberSchema = z.object({ name: personNameSchema, email: emailSchema });
export type TeamMember = z.infer<typeof teamMemberSchema>;

const teamFields = {
  name: z.string().trim().min(2, 'Use a team name of at least 2 characters.').max(120),
  organization: z.string().trim().min(1, 'Name the organization behind the team.').max(200),
  country: teamCountrySchema,
  members: z
    .array(teamMemberSchema)
    .min(1, 'List at least one team member.')
    .max(20, 'A team has at most 20 members.')
    .refine((m) => new Set(m.map((x) => x.email)).size === m.length, {
      message: 'Each member needs their own email address.',
    }),
};
export const createTeamBodySchema = z.object(teamFields);
export const updateTeamBodySchema = patchBodyOf(teamFields);

export const teamSchema = z.object({
  id: idSchema,
  competitionId: idSchema,
  name: z.string(),
  organization: z.string(),
  country: z.string(),
  members: z.array(z.object({ name: z.string(), email: z.string() })),
  /** False for teams an organizer imported: nobody signs in as them. */
  hasOwner: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Team = z.infer<typeof teamSchema>;
export const teamResponseSchema = z.object({ team: teamSchema });
export const teamParamsSchema = z.object({ teamId: idSchema });
export const myTeamSchema = teamSchema.extend({
  competition: z.object({
    id: idSchema,
    name: z.string(),
    /** The Chinese name, '' when none was written: the team's list shows each reader theirs. */
    nameZh: z.string(),
    slug: z.string(),
    timezone: z.string(),
    submissionClosesAt: z.string(),
  }),
  entries: z.number().int(),
  /** The caller's place on the team: its owner, or a member who accepted an invitation. */
  role: z.enum(['owner', 'member']),
});
export type MyTeam = z.infer<typeof myTeamSchema>;

export const entryStatusSchema = z.enum(['draft', 'submitted', 'withdrawn', 'disqualified']);
export type EntryStatus = z.infer<typeof entryStatusSchema>;
export const fileKindSchema = z.enum(['deck', 'video', 'image']);
export type FileKind = z.infer<typeof fileKindSchema>;

const summarySchema = z
  .string()
  .trim()
  .refine((s) => characterCount(s) <= summaryMaxLength, {
    message: `Keep the summary to ${summaryMaxLength} characters or fewer.`,
  });
const avoidOrganizationsSchema = z
  .array(z.string().trim().min(1).max(200))
  .max(20, 'Name at most 20 organizations to avoid.')
  .transform((orgs) => [...new Set(orgs)]);

const entryFields = {
  trackId: idSchema,
  title: z
    .string()
    .trim()
    .min(1, 'Give the entry a title.')
    .max(200, 'Use a title of at most 200 characters.'),
  summary: summarySchema.default(''),
  description: trimmed(20000).default(''),
  websiteUrl: optionalUrl,
  videoUrl: optionalUrl,
  avoidOrganizations: avoidOrganizationsSchema.default([]),
};
export const createEntryBodySchema = z.object({ teamId: idSchema, ...entryFields });
export const updateEntryBodySchema = patchBodyOf(entryFields);

export const entryFileSchema = z.object({
  id: idSchema,
  entryId: idSchema,
  kind: fileKindSchema,
  /** The sanitized original name, for display. */
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type EntryFile = z.infer<typeof entryFileSchema>;
export const fileResponseSchema = z.object({ file: entryFileSchema });
export const fileParamsSchema = z.object({ fileId: idSchema });

export const entryTeamSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  organization: z.string(),
  country: z.string(),
});

export const entrySchema = z.object({
  id: idSchema,
  competitionId: idSchema,
  teamId: idSchema,
  trackId: idSchema.nullable(),
  title: z.string(),
  summary: z.string(),
  description: z.string(),
  websiteUrl: z.string().nullable(),
  videoUrl: z.string().nullable(),
  avoidOrganizations: z.array(z.string()),
  status: entryStatusSchema,
  submittedAt: z.string().nullable(),
  /** An organizer's extension of this entry's deadline, or null when the competition's holds. */
  deadlineExtendedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  team: entryTeamSummarySchema,
  files: z.array(entryFileSchema),
  /** False once the submission deadline (the competition's, or this entry's extension) has passed. */
  editable: z.boolean(),
  /** What a submission still lacks ("deck", "summary"…); empty when it may be submitted. */
  missing: z.array(z.enum(['title', 'summary', 'track', 'deck'])),
});
export type Entry = z.infer<typeof entrySchema>;
export const entryResponseSchema = z.object({ entry: entrySchema });
export const entryParamsSchema = z.object({ entryId: idSchema });

export const entryListItemSchema = entrySchema.omit({ description: true, files: true }).extend({
  fileCounts: z.object({ deck: z.number().int(), video: z.number().int(), image: z.number().int() }),
});
export type EntryListItem = z.infer<typeof entryListItemSchema>;

export const entrySortSchema = z.enum(['createdAt', 'updatedAt', 'title', 'team', 'country']);
export type EntrySort = z.infer<typeof entrySortSchema>;
/** The filters of the organizer's entry list, shared by the list and its exports. */
export const entryFilterQuerySchema = z.object({
  /** Words to find in the title, summary, team, organization or a member's name or email. */
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional(),
  trackId: idSchema.optional(),
  status: entryStatusSchema.optional(),
  country: teamCountrySchema.optional(),
});
export const entryExportQuerySchema = entryFilterQuerySchema.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
export type EntryExportQuery = z.input<typeof entryExportQuerySchema>;
export type EntryExportParams = z.output<typeof entryExportQuerySchema>;

export const entryListQuerySchema = entryFilterQuerySchema.extend({
  sort: entrySortSchema.default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().trim().max(600).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type EntryListQuery = z.input<typeof entryListQuerySchema>;
export type EntryListParams = z.output<typeof entryListQuerySchema>;

/** Counts per track and per country: each ignores its own filter, so every bar stays visible. */
export const entryCountsSchema = z.object({
  total: z.number().int(),
  byTrack: z.array(z.object({ trackId: idSchema.nullable(), count: z.number().int() })),
  byCountry: z.array(z.object({ country: z.string(), count: z.number().int() })),
  byStatus: z.array(z.object({ status: entryStatusSchema, count: z.number().int() })),
});
export type EntryCounts = z.infer<typeof entryCountsSchema>;
export const entryListSchema = z.object({
  items: z.array(entryListItemSchema),
  nextCursor: z.string().nullable(),
  counts: entryCountsSchema,
});
export type EntryList = z.infer<typeof entryListSchema>;

export const uploadQuerySchema = z.object({ kind: fileKindSchema.optional() });
export const downloadQuerySchema = z.object({
  /** Show PDFs, images and videos in the page instead of saving them. */
  inline: z.enum(['0', '1', 'true', 'false']).optional(),
});

/** One team of an import: the shape PRODUCT.md gives, checked row by row by the server. */
export const importEntrySchema = z.object({
  /** A track id of the competition, or its code (AI, MED…). */
  trackId: z.string().trim().min(1, 'Name the track by its id or code.').max(64),
  title: entryFields.title,
  summary: summarySchema.refine((s) => s.length > 0, { message: 'Give the entry a summary.' }),
  description: trimmed(20000).default(''),
  websiteUrl: optionalUrl,
  videoUrl: optionalUrl,
  avoidOrganizations: avoidOrganizationsSchema.default([]),
});
export const importTeamSchema = z.object({
  ...teamFields,
  members: z.array(teamMemberSchema).max(20, 'A team has at most 20 members.').default([]),
  entries: z.array(importEntrySchema).min(1, 'Each team brings at least one entry.').max(50),
});
export const importEntriesBodySchema = z.object({
  teams: z
    .array(z.unknown())
    .min(1, 'Send at least one team.')
    .max(5000, 'Import at most 5,000 teams at once.'),
});
export const importEntriesResponseSchema = z.object({
  imported: z.object({ teams: z.number().int(), entries: z.number().int() }),
  teams: z.array(z.object({ id: idSchema, name: z.string(), entryIds: z.array(idSchema) })),
});
/** Each refused row of an import: which team (1-based), which of its entries, and why. */
export const importErrorSchema = z.object({
  row: z.number().int(),
  entry: z.number().int().optional(),
  path: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

/** What the server accepts per kind of file, so a client can refuse a file before sending it. */
export const uploadLimitsSchema = z.object({
  limits: z.array(
    z.object({
      kind: fileKindSchema,
      maxBytes: z.number().int(),
      /** How many files of this kind one entry may hold. */
      maxFiles: z.number().int(),
      mimes: z.array(z.string()),
      formats: z.string(),
    }),
  ),
});
export type UploadLimitsList = z.infer<typeof uploadLimitsSchema>['limits'];

/** Why an organizer acts on an entry: required, and kept in the audit log. */
export const organizerReasonSchema = z
  .string()
  .trim()
  .min(3, 'Give a reason of at least 3 characters; it is kept in the audit log.')
  .max(1000, 'Keep the reason to 1,000 characters or fewer.');

/**
 * What an organizer does to an entry: withdraw it (for the team, or against its will), disqualify
 * it (it broke a rule), or reinstate a withdrawn or disqualified entry as submitted.
 */
export const entryModerationActionSchema = z.enum(['withdraw', 'disqualify', 'reinstate']);
export type EntryModerationAction = z.infer<typeof entryModerationActionSchema>;
export const entryModerationBodySchema = z.object({
  action: entryModerationActionSchema,
  reason: organizerReasonSchema,
});
export type EntryModerationBody = z.infer<typeof entryModerationBodySchema>;

/** One team's extra time on one entry: the team may change it until `until`. Null lifts it. */
export const entryDeadlineBodySchema = z.object({
  until: isoDateTimeSchema.nullable(),
  reason: organizerReasonSchema,
});
export type EntryDeadlineBody = z.infer<typeof entryDeadlineBodySchema>;
