/**
 * Every query key in one place, so a mutation in one area can invalidate another's queries.
 * Keys start with their area; later features add their own entries here.
 */
export const meQueryKey = ['auth', 'me'] as const;

export const competitionKeys = {
  all: ['competitions'] as const,
  organized: () => ['competitions', 'organized'] as const,
  detail: (competitionId: string) => ['competitions', 'detail', competitionId] as const,
};

export const jobKeys = {
  detail: (jobId: string) => ['jobs', jobId] as const,
};
