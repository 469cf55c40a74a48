import {
  ActionIcon,
  Button,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type { CreatedJudge } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Links listed before "Show all": an import of 150 judges must not push the judge list off the page. */
const FIRST_LINKS = 10;

/**
 * Links made in this visit, each also mailed to its judge. Only their hash is stored, so they are
 * shown once: an organizer who wants to pass them on by hand copies them now (each alone, or all as
 * lines of "name, email, link"); resending mails a new one. A long list shows its first links until
 * asked for all; "Copy all" copies every one either way.
 */
export function InvitationLinks({ links, onDismiss }: { links: CreatedJudge[]; onDismiss: () => void }) {
  const { t } = useTranslation('judges');
  const [showAll, setShowAll] = useState(false);
  if (links.length === 0) return null;
  const shown = showAll ? links : links.slice(0, FIRST_LINKS);
  const all = links.map((l) => `${l.judge.name}, ${l.judge.email}, ${l.invitationUrl}`).join('\n');
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      bg="var(--mantine-color-teal-light)"
      role="region"
      aria-labelledby="invitation-links-title"
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} fz="h4" id="invitation-links-title">
              {t('links.title', { count: links.length })}
            </Title>
            <Text size="sm">{t('links.hint')}</Text>
          </div>
          <Group gap="xs">
            <CopyButton value={all}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? t('links.copied') : t('links.copyAll')}
                </Button>
              )}
            </CopyButton>
            <Button size="xs" variant="subtle" onClick={onDismiss}>
              {t('links.dismiss')}
            </Button>
          </Group>
        </Group>
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Tbody>
              {shown.map((link) => (
                <Table.Tr key={link.judge.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {link.judge.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {link.judge.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {link.invitationUrl}
                    </Text>
                  </Table.Td>
                  <Table.Td w={48}>
                    <CopyButton value={link.invitationUrl}>
                      {({ copied, copy }) => (
                        <Tooltip label={copied ? t('links.copied') : t('links.copy')} withArrow>
                          <ActionIcon
                            variant="light"
                            color={copied ? 'teal' : undefined}
                            onClick={copy}
                            aria-label={t('links.copyFor', { name: link.judge.name })}
                          >
                            <span aria-hidden="true">{copied ? '✓' : '⧉'}</span>
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </CopyButton>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {shown.length < links.length && (
          <Group>
            <Button size="xs" variant="subtle" onClick={() => setShowAll(true)}>
              {t('links.showAll', { count: links.length })}
            </Button>
            <Text size="sm">{t('links.shownOf', { shown: shown.length, count: links.length })}</Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
