import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  createEntryBodySchema,
  createTeamBodySchema,
  Entry,
  EntryDeadlineBody,
  EntryFile,
  EntryList,
  EntryModerationBody,
  EntrySort,
  EntryStatus,
  FileKind,
  MyTeam,
  PublicCompetition,
  Team,
  UploadLimitsList,
  updateEntryBodySchema,
  updateTeamBodySchema,
} from '@wuzhen/shared';
import { localizePublicCompetition } from '@wuzhen/shared';
import { useCallback } from 'react';
import type { z } from 'zod';
import { useContentText } from '../i18n/content.ts';
import { i18n } from '../i18n/i18n.ts';
import { ApiError, api, apiUrl, clientErrorCodes } from './client.ts';
import { meQueryKey } from './query-keys.ts';

export type CreateTeamBody = z.input<typeof createTeamBodySchema>;
export type UpdateTeamBody = z.input<typeof updateTeamBodySchema>;
export type CreateEntryBody = z.input<typeof createEntryBodySchema>;
export type UpdateEntryBody = z.input<typeof updateEntryBodySchema>;
export type EntryFilters = { q?: string; trackId?: string; status?: EntryStatus; country?: string };
export type EntryOrder = { sort: EntrySort; order: 'asc' | 'desc' };

export const entryKeys = {
  all: ['entries'] as const,
  myTeams: () => ['entries', 'my-teams'] as const,
  team: (teamId: string) => ['entries', 'team', teamId] as const,
  detail: (entryId: string) => ['entries', 'detail', entryId] as const,
  list: (competitionId: string, filters: EntryFilters = {}, order?: EntryOrder) =>
    ['entries', 'list', competitionId, filters, order] as const,
  lists: (competitionId: string) => ['entries', 'list', competitionId] as const,
  publicCompetitions: () => ['competitions', 'public'] as const,
};

const id = encodeURIComponent;

/** Every competition, with whether it still takes submissions. */
/** Every competition, its texts in the reader's language. */
export function usePublicCompetitions() {
  const { lang } = useContentText();
  return useQuery({
    queryKey: entryKeys.publicCompetitions(),
    queryFn: async ({ signal }) =>
      (await api<{ items: PublicCompetition[] }>('/public/competitions', { signal })).items,
    select: useCallback(
      (list: PublicCompetition[]) => list.map((c) => localizePublicCompetition(c, lang)),
      [lang],
    ),
  });
}

export function useMyTeams() {
  return useQuery({
    queryKey: entryKeys.myTeams(),
    queryFn: async ({ signal }) => (await api<{ items: MyTeam[] }>('/me/teams', { signal })).items,
  });
}

export function useTeam(teamId: string) {
  return useQuery({
    queryKey: entryKeys.team(teamId),
    queryFn: async ({ signal }) => (await api<{ team: Team }>(`/teams/${id(teamId)}`, { signal })).team,
  });
}

export function useCreateTeam(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateTeamBody) =>
      (await api<{ team: Team }>(`/competitions/${id(competitionId)}/teams`, { method: 'POST', body })).team,
    onSuccess: (team) => {
      queryClient.setQueryData(entryKeys.team(team.id), team);
      void queryClient.invalidateQueries({ queryKey: entryKeys.myTeams() });
      // Owning a team makes the user a team in that competition: the navbar and home follow `me`.
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useUpdateTeam(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateTeamBody) =>
      (await api<{ team: Team }>(`/teams/${id(teamId)}`, { method: 'PATCH', body })).team,
    onSuccess: (team) => {
      queryClient.setQueryData(entryKeys.team(team.id), team);
      void queryClient.invalidateQueries({ queryKey: entryKeys.myTeams() });
      void queryClient.invalidateQueries({ queryKey: entryKeys.all });
    },
  });
}

/**
 * Entries of a competition, page by page: every entry for an organizer, the team's own for a team.
 * Each page carries the counts per track, country and status for the whole filtered list.
 */
export function useEntries(
  competitionId: string,
  filters: EntryFilters = {},
  order: EntryOrder = { sort: 'createdAt', order: 'desc' },
  { limit = 50, enabled = true }: { limit?: number; enabled?: boolean } = {},
) {
  return useInfiniteQuery({
    queryKey: entryKeys.list(competitionId, filters, order),
    queryFn: ({ pageParam, signal }) =>
      api<EntryList>(`/competitions/${id(competitionId)}/entries`, {
        query: { ...filters, ...order, limit, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    enabled,
  });
}

export function useEntry(entryId: string) {
  return useQuery({
    queryKey: entryKeys.detail(entryId),
    queryFn: async ({ signal }) => (await api<{ entry: Entry }>(`/entries/${id(entryId)}`, { signal })).entry,
  });
}

function useEntryMutation<TVariables>(mutationFn: (variables: TVariables) => Promise<Entry>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (entry) => {
      queryClient.setQueryData(entryKeys.detail(entry.id), entry);
      void queryClient.invalidateQueries({ queryKey: entryKeys.lists(entry.competitionId) });
      void queryClient.invalidateQueries({ queryKey: entryKeys.myTeams() });
    },
  });
}

export function useCreateEntry(competitionId: string) {
  return useEntryMutation(
    async (body: CreateEntryBody) =>
      (await api<{ entry: Entry }>(`/competitions/${id(competitionId)}/entries`, { method: 'POST', body }))
        .entry,
  );
}

export function useUpdateEntry(entryId: string) {
  return useEntryMutation(
    async (body: UpdateEntryBody) =>
      (await api<{ entry: Entry }>(`/entries/${id(entryId)}`, { method: 'PATCH', body })).entry,
  );
}

export function useSubmitEntry(entryId: string) {
  return useEntryMutation(
    async () => (await api<{ entry: Entry }>(`/entries/${id(entryId)}/submit`, { method: 'POST' })).entry,
  );
}

export function useWithdrawEntry(entryId: string) {
  return useEntryMutation(
    async () => (await api<{ entry: Entry }>(`/entries/${id(entryId)}/withdraw`, { method: 'POST' })).entry,
  );
}

/** An organizer withdraws, disqualifies or reinstates an entry, with a reason for the audit log. */
export function useModerateEntry(entryId: string) {
  return useEntryMutation(
    async (body: EntryModerationBody) =>
      (await api<{ entry: Entry }>(`/entries/${id(entryId)}/moderation`, { method: 'POST', body })).entry,
  );
}

/** An organizer gives one entry's team until `until` (null lifts it), with a reason. */
export function useExtendDeadline(entryId: string) {
  return useEntryMutation(
    async (body: EntryDeadlineBody) =>
      (await api<{ entry: Entry }>(`/entries/${id(entryId)}/deadline`, { method: 'PUT', body })).entry,
  );
}

/** The address of the entries export under the current filters: the browser downloads it. */
export const entriesExportUrl = (competitionId: string, filters: EntryFilters, format: 'csv' | 'xlsx') =>
  apiUrl(`/competitions/${id(competitionId)}/entries/export`, { ...filters, format });

export function useDeleteFile(entry: Pick<Entry, 'id' | 'competitionId'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fileId: string) => api<{ ok: true }>(`/files/${id(fileId)}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: entryKeys.detail(entry.id) });
      void queryClient.invalidateQueries({ queryKey: entryKeys.lists(entry.competitionId) });
    },
  });
}

/** Where a file's bytes are: for a link, an `<iframe>`, `<video>` or `<img>` (same session cookie). */
export const fileUrl = (fileId: string, { inline = false } = {}) =>
  apiUrl(`/files/${id(fileId)}`, inline ? { inline: 1 } : undefined);

export type UploadProgress = { loaded: number; total: number };

/**
 * Uploads one file with XMLHttpRequest, which (unlike fetch) reports upload progress. The kind
 * goes in the address and again as the first form field, before the file, as the API asks.
 * Rejects with the server's ApiError (413 too large, 415 wrong type…) so its sentence can be shown.
 */
export function uploadEntryFile({
  entryId,
  kind,
  file,
  onProgress,
  signal,
}: {
  entryId: string;
  kind: FileKind;
  file: File;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}): Promise<EntryFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(`/entries/${id(entryId)}/files`, { kind }));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', i18n.resolvedLanguage ?? 'en');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      const parsed = body as {
        file?: EntryFile;
        error?: { code: string; message: string; details?: unknown };
        requestId?: string;
      };
      if (xhr.status === 201 && parsed?.file) return resolve(parsed.file);
      if (parsed?.error) {
        return reject(
          new ApiError({
            status: xhr.status,
            code: parsed.error.code,
            message: parsed.error.message,
            details: parsed.error.details,
            requestId: parsed.requestId ?? xhr.getResponseHeader('x-request-id'),
          }),
        );
      }
      reject(
        new ApiError({
          status: xhr.status,
          code: clientErrorCodes.unexpectedResponse,
          message: i18n.t('errors.unexpectedResponse', { status: xhr.status }),
        }),
      );
    };
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: clientErrorCodes.network, message: i18n.t('errors.network') }));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export function useUploadLimits() {
  return useQuery({
    queryKey: ['entries', 'upload-limits'] as const,
    queryFn: async ({ signal }) =>
      (await api<{ limits: UploadLimitsList }>('/uploads/limits', { signal })).limits,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type ImportResult = { imported: { teams: number; entries: number } };

/** Teams with their entries from another channel, all or nothing. */
export function useImportEntries(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { teams: unknown[] }) =>
      api<ImportResult>(`/competitions/${id(competitionId)}/entries/import`, { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: entryKeys.lists(competitionId) }),
  });
}
