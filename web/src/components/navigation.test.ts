import type { User } from '@wuzhen/shared';
import { describe, expect, it } from 'vitest';
import { rolesOf } from '../api/auth.ts';
import { isLinkActive, visibleLinks } from './navigation.ts';

const user = (overrides: Partial<User> = {}): User => ({
  id: 'u1',
  email: 'u@example.org',
  name: 'U',
  canCreateCompetitions: false,
  emailVerified: true,
  language: 'en',
  memberships: [],
  ...overrides,
});
const labels = (signedIn: boolean, u: User | null) =>
  visibleLinks(signedIn, rolesOf(u)).map((link) => link.labelKey);

describe('navigation by role', () => {
  it('shows signed-out visitors only the public pages', () => {
    expect(labels(false, null)).toEqual(['nav.home', 'nav.publicResults']);
  });

  it('treats the competition creator and organizer members as organizers', () => {
    expect(rolesOf(user({ canCreateCompetitions: true }))).toEqual(['organizer']);
    expect(
      rolesOf(user({ memberships: [{ competitionId: 'c', competitionName: 'C', role: 'organizer' }] })),
    ).toEqual(['organizer']);
    expect(labels(true, user({ canCreateCompetitions: true }))).toContain('nav.competitions');
  });

  it('gives a user with several roles a link per role', () => {
    const both = user({
      memberships: [
        { competitionId: 'a', competitionName: 'A', role: 'organizer' },
        { competitionId: 'b', competitionName: 'B', role: 'judge' },
      ],
    });
    expect(labels(true, both)).toEqual([
      'nav.home',
      'nav.competitions',
      'nav.myAssignments',
      'nav.publicResults',
    ]);
  });

  it('treats anyone else as a team member', () => {
    expect(labels(true, user())).toEqual(['nav.home', 'nav.myTeams', 'nav.myResults', 'nav.publicResults']);
  });

  it('marks a section active on its pages, and home only on /', () => {
    expect(isLinkActive({ to: '/organizer' }, '/organizer/competitions/c1')).toBe(true);
    expect(isLinkActive({ to: '/organizer' }, '/organizers')).toBe(false);
    expect(isLinkActive({ to: '/', end: true }, '/judge')).toBe(false);
    expect(isLinkActive({ to: '/', end: true }, '/')).toBe(true);
  });
});
