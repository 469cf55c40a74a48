import { Button, Group, Select, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import type { Entry, PublicCompetition } from '@wuzhen/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { countCharacters, summaryMaxLength } from './entry-fns.ts';

export const entryFormFields = [
  'trackId',
  'title',
  'summary',
  'description',
  'websiteUrl',
  'videoUrl',
  'avoidOrganizations',
] as const;

export type EntryFormValues = {
  trackId: string;
  title: string;
  summary: string;
  description: string;
  websiteUrl: string | null;
  videoUrl: string | null;
  avoidOrganizations: string[];
};

/** An entry's details: track, title, a summary of at most 300 characters, description and links. */
export function EntryForm({
  tracks,
  initial,
  submitLabel,
  pending,
  error,
  disabled = false,
  onSubmit,
  onCancel,
  idPrefix,
}: {
  tracks: PublicCompetition['tracks'];
  initial?: Entry;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  disabled?: boolean;
  onSubmit: (values: EntryFormValues) => void;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const { t } = useTranslation('entries');
  const [trackId, setTrackId] = useState<string | null>(initial?.trackId ?? null);
  const [title, setTitle] = useState(initial?.title ?? '');
  const [summary, setSummary] = useState(initial?.summary ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [websiteUrl, setWebsiteUrl] = useState(initial?.websiteUrl ?? '');
  const [videoUrl, setVideoUrl] = useState(initial?.videoUrl ?? '');
  const [avoid, setAvoid] = useState<string[]>(initial?.avoidOrganizations ?? []);
  const [trackMissing, setTrackMissing] = useState(false);
  const serverErrors = fieldErrors(error);
  const used = countCharacters(summary.trim());
  const over = used > summaryMaxLength;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!trackId) {
      setTrackMissing(true);
      return;
    }
    if (over) return;
    onSubmit({
      trackId,
      title,
      summary,
      description,
      websiteUrl: websiteUrl.trim() || null,
      videoUrl: videoUrl.trim() || null,
      avoidOrganizations: avoid,
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="md">
          <ErrorAlert error={error} fields={entryFormFields} />
          <Select
            id={`${idPrefix}-track`}
            label={t('entry.fields.track')}
            required
            data={tracks.map((track) => ({ value: track.id, label: track.name }))}
            value={trackId}
            onChange={(value) => {
              setTrackId(value);
              setTrackMissing(false);
            }}
            error={trackMissing ? t('entry.fields.trackRequired') : serverErrors.trackId}
            allowDeselect={false}
          />
          <TextInput
            id={`${idPrefix}-title`}
            label={t('entry.fields.title')}
            required
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={serverErrors.title}
          />
          <div>
            <Textarea
              id={`${idPrefix}-summary`}
              label={t('entry.fields.summary')}
              description={t('entry.fields.summaryHint', { max: summaryMaxLength })}
              autosize
              minRows={3}
              maxRows={8}
              value={summary}
              onChange={(event) => setSummary(event.currentTarget.value)}
              error={
                over ? t('entry.fields.summaryTooLong', { max: summaryMaxLength }) : serverErrors.summary
              }
              aria-describedby={`${idPrefix}-summary-count`}
            />
            <Text
              id={`${idPrefix}-summary-count`}
              size="xs"
              ta="right"
              c={over ? 'red' : used > summaryMaxLength * 0.9 ? 'orange.8' : 'dimmed'}
              aria-live={over ? 'polite' : 'off'}
            >
              {t('entry.fields.summaryCount', { used, max: summaryMaxLength })}
            </Text>
          </div>
          <Textarea
            id={`${idPrefix}-description`}
            label={t('entry.fields.description')}
            description={t('entry.fields.descriptionHint')}
            autosize
            minRows={5}
            maxRows={20}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={serverErrors.description}
          />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              id={`${idPrefix}-website`}
              type="url"
              label={t('entry.fields.website')}
              placeholder="https://"
              value={websiteUrl}
              onChange={(event) => setWebsiteUrl(event.currentTarget.value)}
              error={serverErrors.websiteUrl}
              miw={240}
            />
            <TextInput
              id={`${idPrefix}-video`}
              type="url"
              label={t('entry.fields.videoUrl')}
              description={t('entry.fields.videoUrlHint')}
              placeholder="https://"
              value={videoUrl}
              onChange={(event) => setVideoUrl(event.currentTarget.value)}
              error={serverErrors.videoUrl}
              miw={240}
            />
          </Group>
          <TagsInput
            id={`${idPrefix}-avoid`}
            label={t('entry.fields.avoid')}
            description={t('entry.fields.avoidHint')}
            value={avoid}
            onChange={setAvoid}
            maxTags={20}
            clearable
            error={serverErrors.avoidOrganizations}
          />
          {!disabled && (
            <Group>
              <Button type="submit" loading={pending} disabled={over}>
                {submitLabel}
              </Button>
              {onCancel && (
                <Button variant="default" onClick={onCancel}>
                  {t('common.cancel')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
