import { EmptyState as MantineEmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

export type EmptyStateProps = {
  title: string;
  description?: ReactNode;
  /** Buttons or links that get the person going, such as "New competition". */
  action?: ReactNode;
  /** Heading level of the title, to keep the page's outline in order. */
  headingOrder?: 2 | 3 | 4;
};

/** What a list or page shows when there is nothing in it yet, and what to do about it. */
export function EmptyState({ title, description, action, headingOrder = 2 }: EmptyStateProps) {
  return (
    <MantineEmptyState py="xl">
      <MantineEmptyState.Title order={headingOrder}>{title}</MantineEmptyState.Title>
      {description && <MantineEmptyState.Description>{description}</MantineEmptyState.Description>}
      {action && <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions>}
    </MantineEmptyState>
  );
}
