import { Alert, Button, FileInput, Group, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { Entry, FileKind } from '@wuzhen/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { entryKeys, type UploadProgress, uploadEntryFile, useUploadLimits } from '../../api/entries.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { acceptOf, formatSize, tooLarge } from './entry-fns.ts';

/**
 * Choose a kind and a file, then upload it with a progress bar. A file over the size limit is
 * refused here before anything is sent; anything the server refuses (wrong type, too large…) is
 * shown in the server's own words.
 */
export function FileUpload({
  entry,
  idPrefix,
}: {
  entry: Pick<Entry, 'id' | 'competitionId'>;
  idPrefix: string;
}) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const queryClient = useQueryClient();
  const limits = useUploadLimits();
  const [kind, setKind] = useState<FileKind>('deck');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const limit = limits.data?.find((l) => l.kind === kind);
  const uploading = progress !== null;
  const percent = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setError(null);
    setDone(null);
    const max = chosen ? tooLarge(chosen, limit) : null;
    setLocalError(
      chosen && max !== null
        ? t('files.tooLargeLocal', {
            name: chosen.name,
            size: formatSize(chosen.size, language),
            max: formatSize(max, language),
            kind: t(`files.kinds.${kind}`),
          })
        : null,
    );
  };

  const start = async () => {
    if (!file || localError) return;
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setDone(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const stored = await uploadEntryFile({
        entryId: entry.id,
        kind,
        file,
        onProgress: setProgress,
        signal: controller.signal,
      });
      setDone(t('files.uploaded', { name: stored.name }));
      setFile(null);
      void queryClient.invalidateQueries({ queryKey: entryKeys.detail(entry.id) });
      void queryClient.invalidateQueries({ queryKey: entryKeys.lists(entry.competitionId) });
    } catch (caught) {
      if (!(caught instanceof DOMException && caught.name === 'AbortError')) setError(caught);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label={t('files.kindLabel')}
        value={kind}
        disabled={uploading}
        onChange={(value) => {
          setKind(value as FileKind);
          setFile(null);
          setLocalError(null);
          setError(null);
        }}
        data={(['deck', 'video', 'image'] as const).map((k) => ({ value: k, label: t(`files.kinds.${k}`) }))}
      />
      <Text size="sm" c="dimmed" id={`${idPrefix}-rules`}>
        {limit
          ? `${t('files.rules', { formats: limit.formats, max: formatSize(limit.maxBytes, language) })} ${t('files.perEntry', { count: limit.maxFiles })}`
          : t('files.rulesLoading')}
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <FileInput
          id={`${idPrefix}-file`}
          label={t('files.choose', { kind: t(`files.kinds.${kind}`) })}
          placeholder={t('files.choosePlaceholder')}
          accept={acceptOf[kind]}
          value={file}
          onChange={choose}
          clearable
          disabled={uploading}
          error={localError}
          aria-describedby={`${idPrefix}-rules`}
          style={{ flex: '1 1 280px' }}
        />
        <Button onClick={start} disabled={!file || !!localError || uploading} loading={uploading}>
          {t('files.upload')}
        </Button>
        {uploading && (
          <Button variant="default" onClick={() => abort.current?.abort()}>
            {t('files.cancel')}
          </Button>
        )}
      </Group>
      {uploading && (
        <Stack gap={4}>
          <Progress
            value={percent}
            size="lg"
            striped
            animated
            aria-label={t('files.progressLabel', { name: file?.name ?? '' })}
          />
          <Text size="sm" aria-live="polite">
            {t('files.progress', {
              percent,
              loaded: formatSize(progress.loaded, language),
              total: formatSize(progress.total, language),
            })}
          </Text>
        </Stack>
      )}
      {error !== null &&
        (error instanceof ApiError ? (
          // The server's own sentence says what is wrong with the file and what to do.
          <Alert color="red" variant="light" title={t('files.refused')} role="alert">
            <Text size="sm">{error.message}</Text>
          </Alert>
        ) : (
          <ErrorAlert error={error} title={t('files.refused')} />
        ))}
      {done && (
        <Alert color="teal" variant="light" role="status">
          {done}
        </Alert>
      )}
    </Stack>
  );
}
