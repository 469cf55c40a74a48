import type { UserRole } from '../api/auth.ts';
import type en from '../i18n/en.json';

/**
 * The navbar's links, in order. `roles` lists who sees a link: 'everyone' includes signed-out
 * visitors, 'signedIn' any signed-in user. Add a feature's link here, with its key in both
 * `i18n/en.json` and `i18n/zh-CN.json` under `nav`.
 */
export type NavigationLink = {
  to: string;
  /** Checked against `i18n/en.json` at compile time. */
  labelKey: `nav.${keyof (typeof en)['nav']}`;
  roles: 'everyone' | 'signedIn' | readonly UserRole[];
  /** Active only on an exact path match (for `/`), else also on the pages below it. */
  end?: boolean;
};

export const navigationLinks: readonly NavigationLink[] = [
  { to: '/', labelKey: 'nav.home', roles: 'everyone', end: true },
  { to: '/organizer', labelKey: 'nav.competitions', roles: ['organizer'] },
  { to: '/judge', labelKey: 'nav.myAssignments', roles: ['judge'] },
  { to: '/team', labelKey: 'nav.myTeams', roles: ['team'] },
  { to: '/my/results', labelKey: 'nav.myResults', roles: ['team'] },
  { to: '/public', labelKey: 'nav.publicResults', roles: 'everyone' },
];

export function visibleLinks(signedIn: boolean, roles: readonly UserRole[]): NavigationLink[] {
  return navigationLinks.filter((link) => {
    if (link.roles === 'everyone') return true;
    if (link.roles === 'signedIn') return signedIn;
    return link.roles.some((role) => roles.includes(role));
  });
}

export function isLinkActive(link: Pick<NavigationLink, 'to' | 'end'>, pathname: string): boolean {
  if (link.end || link.to === '/') return pathname === link.to;
  return pathname === link.to || pathname.startsWith(`${link.to}/`);
}
