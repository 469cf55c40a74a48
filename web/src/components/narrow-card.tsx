import { Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page of one short task (reset a password, confirm an address, join a team): a centred card. */
export function NarrowCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper
      maw={480}
      mx="auto"
      mt={{ base: 'md', sm: 'xl' }}
      p={{ base: 'md', sm: 'xl' }}
      withBorder
      radius="md"
    >
      <Stack gap="md">
        <Title order={1} fz="h2">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
