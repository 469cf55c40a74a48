import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Button,
  Divider,
  Flex,
  Group,
  NavLink,
  Stack,
  Text,
  useMantineTheme,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { rolesOf, useMe, useSignOut } from '../api/auth.ts';
import { errorMessage } from './error-message.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { isLinkActive, visibleLinks } from './navigation.ts';

export const mainContentId = 'main-content';
const navbarId = 'main-navigation';

/**
 * The one page frame: header (name, language, account), navbar by role (a burger below the `lg`
 * breakpoint, so tablets and phones get the full width), and the main landmark the skip link
 * and route changes move focus to.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const [navbarOpened, { toggle: toggleNavbar, close: closeNavbar }] = useDisclosure(false);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const burgerRef = useRef<HTMLButtonElement>(null);
  const shownPathname = useRef(location.pathname);
  const theme = useMantineTheme();
  const navbarAlwaysShown = useMediaQuery(`(min-width: ${theme.breakpoints.lg})`, true);
  // Below the breakpoint a closed navbar is only slid off screen; inert keeps its links out of
  // the tab order and away from screen readers until the burger opens it.
  const navbarHidden = !navbarAlwaysShown && !navbarOpened;
  // Opened below the breakpoint, the navbar covers the page like a dialog: the page behind is
  // inert, and Escape closes it and gives focus back to the burger.
  const navbarCoversPage = !navbarAlwaysShown && navbarOpened;
  useEffect(() => {
    if (!navbarCoversPage) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      closeNavbar();
      burgerRef.current?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navbarCoversPage, closeNavbar]);

  // After client-side navigation, move focus to the new page like a full page load would, and
  // close the mobile navbar so the content is what a screen reader reads next. Main is inert
  // while the navbar covers it, so the focus moves on the first render after the navbar closed.
  const focusMainPending = useRef(false);
  useEffect(() => {
    if (shownPathname.current === location.pathname) return;
    shownPathname.current = location.pathname;
    closeNavbar();
    focusMainPending.current = true;
  }, [location.pathname, closeNavbar]);
  useEffect(() => {
    if (focusMainPending.current && !navbarCoversPage) {
      focusMainPending.current = false;
      mainRef.current?.focus();
    }
  });

  return (
    <>
      <a className="skip-link" href={`#${mainContentId}`}>
        {t('a11y.skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'lg', collapsed: { mobile: !navbarOpened } }}
        padding={{ base: 'sm', sm: 'md', lg: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                ref={burgerRef}
                opened={navbarOpened}
                onClick={toggleNavbar}
                hiddenFrom="lg"
                size="sm"
                aria-label={navbarOpened ? t('a11y.closeNavigation') : t('a11y.openNavigation')}
                aria-expanded={navbarOpened}
                aria-controls={navbarId}
              />
              <Anchor
                component={Link}
                to="/"
                underline="never"
                c="inherit"
                fw={700}
                fz="lg"
                className="brand"
              >
                {t('app.name')}
              </Anchor>
            </Group>
            <Group gap="md" wrap="nowrap" visibleFrom="sm">
              <LanguageSwitch />
              <AccountControls />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar id={navbarId} p="sm" aria-label={t('a11y.mainNavigation')} inert={navbarHidden}>
          <AppShell.Section grow>
            <NavigationLinks pathname={location.pathname} />
          </AppShell.Section>
          {/* On phones the header has no room for these; they move to the foot of the navbar. */}
          <AppShell.Section hiddenFrom="sm">
            <Divider my="sm" />
            <Stack gap="sm">
              <LanguageSwitch fullWidth />
              <AccountControls stacked />
            </Stack>
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main
          id={mainContentId}
          ref={mainRef}
          tabIndex={-1}
          className="main-content"
          inert={navbarCoversPage}
        >
          <Box maw={1200} mx="auto">
            <Outlet />
          </Box>
        </AppShell.Main>
      </AppShell>
    </>
  );
}

function NavigationLinks({ pathname }: { pathname: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const links = visibleLinks(Boolean(me.data), rolesOf(me.data));
  return (
    <ul className="plain-list">
      {links.map((link) => {
        const active = isLinkActive(link, pathname);
        return (
          <li key={link.to}>
            <NavLink
              component={Link}
              to={link.to}
              label={t(link.labelKey)}
              active={active}
              aria-current={active ? 'page' : undefined}
            />
          </li>
        );
      })}
    </ul>
  );
}

function AccountControls({ stacked = false }: { stacked?: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const layout = stacked
    ? ({ direction: 'column', align: 'stretch' } as const)
    : ({ direction: 'row', align: 'center', wrap: 'nowrap' } as const);

  if (me.isPending) return null;
  if (!me.data) {
    return (
      <Flex gap="sm" {...layout}>
        <Button component={Link} to="/signin" variant="default" size="xs">
          {t('header.signIn')}
        </Button>
        <Button component={Link} to="/register" size="xs">
          {t('header.register')}
        </Button>
      </Flex>
    );
  }
  return (
    <Flex gap="sm" {...layout}>
      <Text
        component={Link}
        to="/profile"
        size="sm"
        truncate
        maw={stacked ? undefined : 200}
        title={me.data.email}
      >
        <span className="visually-hidden">{t('header.signedInAs')} </span>
        {me.data.name}
      </Text>
      <Button
        variant="default"
        size="xs"
        loading={signOut.isPending}
        onClick={() =>
          signOut.mutate(undefined, {
            onSuccess: () => navigate('/'),
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: t('header.signOutFailed'),
                message: errorMessage(error, t, i18n.resolvedLanguage ?? 'en'),
              }),
          })
        }
      >
        {t('header.signOut')}
      </Button>
    </Flex>
  );
}
