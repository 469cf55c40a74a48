import { type SQL, sql } from 'drizzle-orm';

/**
 * Who works on a team, as a condition on `teams`: its owner, and every account that accepted its
 * invitation (and was not removed since). Entries, files and results follow it, so a member edits
 * the team's entries and reads its results exactly as the owner does. The one place this is decided: the access
 * module (auth.ts, through the team members repository) and the repositories listing a team's entries and
 * results all use it; its own
 * file, so a repository need not import auth.ts (which imports repositories).
 */
export const worksOnTeam = (userId: string): SQL =>
  // Column names written out: inside the subquery an unqualified one would name team_accounts'.
  sql`("teams"."owner_id" = ${userId} or exists (select 1 from team_accounts ta where ta.team_id = "teams"."id" and ta.user_id = ${userId} and ta.accepted_at is not null))`;
