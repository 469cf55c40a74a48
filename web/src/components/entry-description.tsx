import { Stack, Text } from '@mantine/core';

/**
 * A team's description: plain text, with `## Heading` lines shown as headings (teams and the demo
 * write "## Problem"); the same on the judge's page and the organizer's entry drawer.
 */
export function EntryDescription({ text }: { text: string }) {
  const blocks = text.split(/\n(?=#{1,6} )/);
  return (
    <Stack gap="xs">
      {blocks.map((block, i) => {
        const [first = '', ...rest] = block.split('\n');
        const heading = /^#{1,6} (.*)$/.exec(first);
        return (
          <div key={i}>
            {heading ? (
              <Text fw={600} size="sm">
                {heading[1]}
              </Text>
            ) : null}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {heading ? rest.join('\n').trim() : block}
            </Text>
          </div>
        );
      })}
    </Stack>
  );
}
