import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert.tsx';

export type ConfirmModalProps = {
  opened: boolean;
  title: string;
  /** What will happen, and what it means for the people involved. */
  children: ReactNode;
  /** The safe way out ("Keep submissions open"). */
  cancelLabel: string;
  /** The action itself, named for what it does ("Run and close submissions"). */
  confirmLabel: string;
  onCancel: () => void;
  /** The action. The dialog stays open until the caller closes it: at once, or once the server agrees. */
  onConfirm: () => void;
  /** Red for what cannot be taken back; the theme keeps every colour readable behind white text. */
  color?: string;
  /** The action is waiting for the server. */
  loading?: boolean;
  /** Why the action failed, shown above the buttons. */
  error?: unknown;
};

/** One dialog that asks before an action with consequences: the safe choice first, the action last. */
export function ConfirmModal({
  opened,
  title,
  children,
  cancelLabel,
  confirmLabel,
  onCancel,
  onConfirm,
  color,
  loading = false,
  error = null,
}: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title}>
      <Stack gap="md">
        {children}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {cancelLabel}
          </Button>
          <Button color={color} loading={loading} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
