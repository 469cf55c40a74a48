import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Award,
  AwardSuggestions,
  CorrectCitationsBody,
  CreateAwardBody,
  PublicAward,
  Publication,
  PublicCompetition,
  PublicResults,
  PublishedEvent,
  RevealEvent,
  Round,
  TeamResults,
  UpdateAwardBody,
} from '@wuzhen/shared';
import { localizePublicCompetition, localizePublicResults, pickText } from '@wuzhen/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useContentText } from '../i18n/content.ts';
import { ApiError, api, apiUrl } from './client.ts';

const enc = encodeURIComponent;

export const awardKeys = {
  all: ['awards'] as const,
  list: (competitionId: string) => ['awards', 'list', competitionId] as const,
  suggestions: (awardId: string) => ['awards', 'suggestions', awardId] as const,
  publication: (competitionId: string) => ['awards', 'publication', competitionId] as const,
  publicResults: (slug: string) => ['awards', 'public', slug] as const,
  publicCompetitions: () => ['awards', 'public-competitions'] as const,
  teamResults: (competitionId: string) => ['awards', 'team', competitionId] as const,
  entries: (competitionId: string) => ['awards', 'entries', competitionId] as const,
};

export function useAwards(competitionId: string) {
  return useQuery({
    queryKey: awardKeys.list(competitionId),
    queryFn: async ({ signal }) =>
      (await api<{ items: Award[] }>(`/competitions/${enc(competitionId)}/awards`, { signal })).items,
  });
}

/** After any change to awards: the list, the publication status and the suggestions move together. */
function useInvalidateAwards(competitionId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: awardKeys.list(competitionId) }),
      queryClient.invalidateQueries({ queryKey: awardKeys.publication(competitionId) }),
      queryClient.invalidateQueries({ queryKey: ['awards', 'suggestions'] }),
    ]);
}

export function useCreateAward(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: async (body: CreateAwardBody) =>
      (await api<{ award: Award }>(`/competitions/${enc(competitionId)}/awards`, { method: 'POST', body }))
        .award,
    onSuccess: invalidate,
  });
}

export function useUpdateAward(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: async ({ awardId, body }: { awardId: string; body: UpdateAwardBody }) =>
      (await api<{ award: Award }>(`/awards/${enc(awardId)}`, { method: 'PATCH', body })).award,
    onSuccess: invalidate,
  });
}

/** Corrects winners' citations, also after publication: all in one request, saved together. */
export function useCorrectCitations(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: async ({ awardId, changes }: { awardId: string; changes: CorrectCitationsBody }) =>
      (await api<{ award: Award }>(`/awards/${enc(awardId)}/citations`, { method: 'PUT', body: changes }))
        .award,
    onSuccess: invalidate,
  });
}

export function useDeleteAward(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: (awardId: string) => api<{ ok: true }>(`/awards/${enc(awardId)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** Suggestions from the final round's latest tally; `null` when that round has no tally yet. */
export function useSuggestions(awardId: string | null) {
  return useQuery({
    queryKey: awardKeys.suggestions(awardId ?? ''),
    enabled: Boolean(awardId),
    queryFn: async ({ signal }): Promise<AwardSuggestions | { missing: ApiError }> => {
      try {
        return await api<AwardSuggestions>(`/awards/${enc(awardId!)}/suggestions`, { signal });
      } catch (error) {
        // No tally (or no rounds) is a state to explain, not a failure of the page.
        if (error instanceof ApiError && error.status === 409) return { missing: error };
        throw error;
      }
    },
  });
}

export function usePutWinners(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: async ({
      awardId,
      winners,
    }: {
      awardId: string;
      winners: Array<{ entryId: string; citation: string }>;
    }) =>
      (await api<{ award: Award }>(`/awards/${enc(awardId)}/winners`, { method: 'PUT', body: { winners } }))
        .award,
    onSuccess: invalidate,
  });
}

export type CandidateEntry = {
  id: string;
  title: string;
  team: string;
  country: string;
  trackId: string | null;
  status: string;
};

/** Every submitted entry of the competition, for naming a winner by hand when there is no tally. */
export function useCandidateEntries(competitionId: string, enabled: boolean) {
  return useQuery({
    queryKey: awardKeys.entries(competitionId),
    enabled,
    queryFn: async ({ signal }) => {
      const items: CandidateEntry[] = [];
      let cursor: string | null = null;
      do {
        const page: {
          items: Array<{
            id: string;
            title: string;
            trackId: string | null;
            status: string;
            team: { name: string; country: string };
          }>;
          nextCursor: string | null;
        } = await api(`/competitions/${enc(competitionId)}/entries`, {
          query: { status: 'submitted', sort: 'title', order: 'asc', limit: 500, cursor },
          signal,
        });
        for (const e of page.items) {
          items.push({
            id: e.id,
            title: e.title,
            team: e.team.name,
            country: e.team.country,
            trackId: e.trackId,
            status: e.status,
          });
        }
        cursor = page.nextCursor;
      } while (cursor && items.length < 5000);
      return items;
    },
  });
}

export function usePublication(competitionId: string) {
  return useQuery({
    queryKey: awardKeys.publication(competitionId),
    queryFn: async ({ signal }) =>
      (await api<{ publication: Publication }>(`/competitions/${enc(competitionId)}/publish`, { signal }))
        .publication,
  });
}

export function usePublish(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: async (body: { at?: string }) =>
      (
        await api<{ publication: Publication }>(`/competitions/${enc(competitionId)}/publish`, {
          method: 'POST',
          body,
        })
      ).publication,
    onSuccess: invalidate,
  });
}

export function useCancelSchedule(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: async () =>
      (
        await api<{ publication: Publication }>(`/competitions/${enc(competitionId)}/publish`, {
          method: 'DELETE',
        })
      ).publication,
    onSuccess: invalidate,
  });
}

export function useReveal(competitionId: string) {
  const invalidate = useInvalidateAwards(competitionId);
  return useMutation({
    mutationFn: (awardId: string) =>
      api<{ award: Award; eventId: string }>(`/competitions/${enc(competitionId)}/reveal`, {
        method: 'POST',
        body: { awardId },
      }),
    onSuccess: invalidate,
  });
}

export function useReleaseFeedback(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ roundId, released }: { roundId: string; released: boolean }) =>
      (
        await api<{ round: Round }>(`/rounds/${enc(roundId)}/feedback`, {
          method: 'POST',
          body: { released },
        })
      ).round,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignment', 'rounds', competitionId] }),
  });
}

export const exportUrls = (competitionId: string) => ({
  awards: apiUrl(`/competitions/${enc(competitionId)}/awards.csv`),
  results: apiUrl(`/competitions/${enc(competitionId)}/results.csv`),
  reviews: apiUrl(`/competitions/${enc(competitionId)}/reviews.csv`),
});

export const feedUrl = (slug: string) => apiUrl(`/public/competitions/${enc(slug)}/feed.json`);

/** The published results, their texts in the reader's language (the cache keeps both). */
export function usePublicResults(slug: string) {
  const { lang } = useContentText();
  return useQuery({
    queryKey: awardKeys.publicResults(slug),
    queryFn: ({ signal }) => api<PublicResults>(`/public/competitions/${enc(slug)}/results`, { signal }),
    select: useCallback((results: PublicResults) => localizePublicResults(results, lang), [lang]),
  });
}

/** Every competition, its texts in the reader's language. */
export function usePublicCompetitions() {
  const { lang } = useContentText();
  return useQuery({
    queryKey: awardKeys.publicCompetitions(),
    queryFn: async ({ signal }) =>
      (await api<{ items: PublicCompetition[] }>('/public/competitions', { signal })).items,
    select: useCallback(
      (list: PublicCompetition[]) => list.map((c) => localizePublicCompetition(c, lang)),
      [lang],
    ),
  });
}

/** A team's own results, award names, tracks and citations in the reader's language. */
export function useTeamResults(competitionId: string | null) {
  const { lang } = useContentText();
  return useQuery({
    queryKey: awardKeys.teamResults(competitionId ?? ''),
    enabled: Boolean(competitionId),
    queryFn: ({ signal }) => api<TeamResults>('/me/results', { query: { competitionId }, signal }),
    select: useCallback(
      (results: TeamResults): TeamResults => ({
        ...results,
        competition: {
          ...results.competition,
          name: pickText(lang, results.competition.name, results.competition.nameZh),
        },
        entries: results.entries.map((entry) => ({
          ...entry,
          track: entry.track || entry.trackZh ? pickText(lang, entry.track, entry.trackZh) : null,
          awards: entry.awards.map((award) => ({
            ...award,
            name: pickText(lang, award.name, award.nameZh),
            citation: pickText(lang, award.citation, award.citationZh),
          })),
        })),
      }),
      [lang],
    ),
  });
}

export type Announcement =
  | { type: 'reveal'; id: string; data: RevealEvent }
  | { type: 'published'; id: string; data: PublishedEvent };

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/**
 * Follows the competition's announcements (server-sent events). Opens once per slug, after the
 * results were read, from their `lastEventId`, so nothing revealed in between is missed; the
 * browser's EventSource reconnects by itself and sends the last id it saw, so nothing repeats.
 */
export function useAnnouncements(
  slug: string,
  lastEventId: string | undefined,
  onAnnouncement: (a: Announcement) => void,
) {
  const [state, setState] = useState<LiveState>('connecting');
  // Bumped to open a new stream when the browser gave up on the old one (EventSource retries a
  // dropped connection itself, but not an error answer such as a 502 from a proxy).
  const [attempt, setAttempt] = useState(0);
  const handler = useRef(onAnnouncement);
  handler.current = onAnnouncement;
  const startFrom = useRef<{ slug: string; id: string } | null>(null);
  if (lastEventId !== undefined && startFrom.current?.slug !== slug)
    startFrom.current = { slug, id: lastEventId };
  const from = startFrom.current?.slug === slug ? startFrom.current.id : undefined;
  /** The last event this page received: where a new stream picks up. */
  const lastSeen = useRef<{ slug: string; id: string } | null>(null);

  useEffect(() => {
    if (from === undefined || typeof EventSource === 'undefined') return;
    const resumeFrom = lastSeen.current?.slug === slug ? lastSeen.current.id : from;
    const source = new EventSource(
      apiUrl(`/public/competitions/${enc(slug)}/events`, {
        lastEventId: resumeFrom,
      }),
    );
    let retry: ReturnType<typeof setTimeout> | undefined;
    const listen = (type: Announcement['type']) => (event: MessageEvent<string>) => {
      if (event.lastEventId) lastSeen.current = { slug, id: event.lastEventId };
      try {
        handler.current({ type, id: event.lastEventId, data: JSON.parse(event.data) } as Announcement);
      } catch {
        // A malformed event is skipped; the next refetch of the results catches up.
      }
    };
    const onReveal = listen('reveal');
    const onPublished = listen('published');
    source.addEventListener('reveal', onReveal);
    source.addEventListener('published', onPublished);
    source.onopen = () => setState('live');
    source.onerror = () => {
      setState('reconnecting');
      if (source.readyState === EventSource.CLOSED) retry = setTimeout(() => setAttempt((n) => n + 1), 5_000);
    };
    return () => {
      clearTimeout(retry);
      source.removeEventListener('reveal', onReveal);
      source.removeEventListener('published', onPublished);
      source.close();
    };
  }, [slug, from, attempt]);

  return state;
}

/** Merges announced awards into the cached public results, so the page updates without a reload. */
export function useMergeAnnouncement(slug: string) {
  const queryClient = useQueryClient();
  return (announcement: Announcement) => {
    const incoming: PublicAward[] =
      announcement.type === 'reveal' ? [announcement.data.award] : announcement.data.awards;
    queryClient.setQueryData<PublicResults>(awardKeys.publicResults(slug), (current) => {
      if (!current) return current;
      const known = new Set(current.awards.map((a) => a.id));
      return {
        ...current,
        awards: [...current.awards, ...incoming.filter((a) => !known.has(a.id))],
        lastEventId: announcement.id || current.lastEventId,
      };
    });
    // The server's order (ladder first) and the publication time come with a refetch.
    void queryClient.invalidateQueries({ queryKey: awardKeys.publicResults(slug) });
    return incoming;
  };
}
