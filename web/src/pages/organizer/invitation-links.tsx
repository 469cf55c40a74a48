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
import { useTranslation } from 'react-i18next';

/**
 * Links made in this visit. Only their hash is stored, so they are shown once: the organizer copies
 * them now (each alone, or all as lines of "name, email, link") or makes a new one later.
 */
export function InvitationLinks({ links, onDismiss }: { links: CreatedJudge[]; onDismiss: () => void }) {
  const { t } = useTranslation('judges');
  if (links.length === 0) return null;
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
              {links.map((link) => (
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
      </Stack>
    </Paper>
  );
}
