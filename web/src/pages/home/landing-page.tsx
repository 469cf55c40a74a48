import { Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** What a signed-out visitor sees at `/`. */
export function LandingPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={760} py={{ base: 'md', sm: 'xl' }}>
      <Title order={1}>{t('home.landing.title')}</Title>
      <Text size="lg">{t('home.landing.lead')}</Text>
      <section aria-labelledby="landing-who">
        <Title order={2} id="landing-who" fz="h3" mb="xs">
          {t('home.landing.whoTitle')}
        </Title>
        <List spacing="xs">
          <List.Item>{t('home.landing.forTeams')}</List.Item>
          <List.Item>{t('home.landing.forJudges')}</List.Item>
          <List.Item>{t('home.landing.forOrganizers')}</List.Item>
        </List>
      </section>
      <Group gap="sm">
        <Button component={Link} to="/signin" size="md">
          {t('home.landing.signIn')}
        </Button>
        <Button component={Link} to="/register" size="md" variant="light">
          {t('home.landing.register')}
        </Button>
      </Group>
      <Text>
        <Anchor component={Link} to="/public">
          {t('home.landing.publicResults')}
        </Anchor>
      </Text>
    </Stack>
  );
}
