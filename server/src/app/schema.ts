// Every table, for the Drizzle client and drizzle-kit. Tables live with their feature.

export * from '../modules/advancement/advancement.table.ts';
export * from '../modules/announcements/announcements.table.ts';
export * from '../modules/assignment/assignment.table.ts';
export * from '../modules/audit/audit.table.ts';
export * from '../modules/awards/awards.table.ts';
export * from '../modules/competitions/competitions.table.ts';
export * from '../modules/competitions/round-entries.table.ts';
export * from '../modules/entries/entries.table.ts';
export * from '../modules/judges/judges.table.ts';
export * from '../modules/mail/mail.table.ts';
export * from '../modules/reviews/reviews.table.ts';
export * from '../modules/tally/tally.table.ts';
export * from '../modules/uploads/uploads.table.ts';
export * from '../modules/users/users.table.ts';
