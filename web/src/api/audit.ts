import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditFacets, AuditQuery } from '@wuzhen/shared';
import { api } from './client.ts';

/** The audit log's filters as the API takes them: ids and ISO instants. */
export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>;

export const auditKeys = {
  list: (competitionId: string, filters: AuditFilters) => ['audit', competitionId, 'list', filters] as const,
  facets: (competitionId: string) => ['audit', competitionId, 'facets'] as const,
};

const id = encodeURIComponent;

/** A competition's audit log, newest first, page by page. */
export function useAuditLog(competitionId: string, filters: AuditFilters, { limit = 50 } = {}) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(competitionId, filters),
    queryFn: ({ pageParam, signal }) =>
      api<{ items: AuditEntry[]; nextCursor: string | null }>(`/competitions/${id(competitionId)}/audit`, {
        query: { ...filters, limit, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Who acted, which actions and which kinds of thing occur in the log: the filters' choices. */
export function useAuditFacets(competitionId: string) {
  return useQuery({
    queryKey: auditKeys.facets(competitionId),
    queryFn: ({ signal }) => api<AuditFacets>(`/competitions/${id(competitionId)}/audit/facets`, { signal }),
  });
}
