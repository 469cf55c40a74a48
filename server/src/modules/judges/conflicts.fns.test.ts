import { describe, expect, test } from 'vitest';
import {
  type ConflictEntry,
  type ConflictJudge,
  detectConflicts,
  organizationKey,
  privateEmailDomain,
} from './conflicts.fns.ts';

const entry = (over: Partial<ConflictEntry> = {}): ConflictEntry => ({
  id: 'e1',
  organization: 'Lumen Labs',
  country: 'DE',
  memberEmails: ['ana@lumen.example'],
  avoidOrganizations: [],
  ...over,
});
const judge = (over: Partial<ConflictJudge> = {}): ConflictJudge => ({
  id: 'j1',
  organization: 'Zhejiang University',
  country: 'CN',
  email: 'zhao@zju.edu.cn',
  ...over,
});
const sourcesOf = (pairs: ReturnType<typeof detectConflicts>) =>
  pairs.flatMap((p) => p.sources.map((s) => s.source));

describe('detectConflicts', () => {
  test('unrelated people have no conflict', () => {
    expect(detectConflicts({ entries: [entry()], judges: [judge()] })).toEqual([]);
  });

  test.each([
    ['identical', 'Zhejiang University', 'Zhejiang University'],
    ['case', 'ZHEJIANG UNIVERSITY', 'zhejiang university'],
    ['spaces', '  Zhejiang   University ', 'Zhejiang University'],
    ['punctuation', 'Zhejiang-University.', 'Zhejiang University'],
    ['no space at all', 'ZhejiangUniversity', 'zhejiang university'],
  ])('same organization (%s) is detected', (_label, teamOrg, judgeOrg) => {
    const pairs = detectConflicts({
      entries: [entry({ organization: teamOrg })],
      judges: [judge({ organization: judgeOrg })],
    });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ judgeId: 'j1', entryId: 'e1' });
    expect(sourcesOf(pairs)).toEqual(['organization']);
    expect(pairs[0]!.sources[0]!.reason).toMatch(/zhejiang/i);
  });

  test.each([
    ['different organizations', 'Zhejiang University', 'Fudan University'],
    ['both empty', '', ''],
    ['both "Independent"', 'Independent', 'independent'],
    ['both "N/A"', 'N/A', 'n/a'],
    ['both "-"', '-', ' - '],
  ])('no organization conflict for %s', (_label, teamOrg, judgeOrg) => {
    expect(
      detectConflicts({
        entries: [entry({ organization: teamOrg })],
        judges: [judge({ organization: judgeOrg })],
      }),
    ).toEqual([]);
  });

  test.each([
    ['same private domain', 'wei@zju.edu.cn', ['x@zju.edu.cn'], true],
    ['domain case-insensitive', 'wei@ZJU.edu.cn', ['x@zju.EDU.cn'], true],
    ['any member counts', 'wei@zju.edu.cn', ['a@lumen.example', 'b@zju.edu.cn'], true],
    ['different domains', 'wei@zju.edu.cn', ['x@fudan.edu.cn'], false],
    ['gmail is public', 'wei@gmail.com', ['x@gmail.com'], false],
    ['qq.com is public', 'wei@qq.com', ['x@qq.com'], false],
    ['163.com is public', 'wei@163.com', ['x@163.com'], false],
    ['outlook.com is public', 'wei@outlook.com', ['x@outlook.com'], false],
    ['subdomain is another domain', 'wei@cs.zju.edu.cn', ['x@zju.edu.cn'], false],
  ])('email domain: %s', (_label, judgeEmail, memberEmails, conflicted) => {
    const pairs = detectConflicts({
      entries: [entry({ memberEmails, organization: 'Team Org' })],
      judges: [judge({ email: judgeEmail, organization: 'Judge Org' })],
    });
    expect(sourcesOf(pairs)).toEqual(conflicted ? ['email_domain'] : []);
  });

  test.each([
    [
      'a listed member, at a public provider',
      'wei@gmail.com',
      { memberEmails: [' Wei@Gmail.com'] },
      ['member'],
    ],
    [
      'the owner, at a public provider',
      'wei@qq.com',
      { memberEmails: [], ownerEmail: 'WEI@qq.com' },
      ['member'],
    ],
    [
      'a listed member at a private domain: both reasons',
      'wei@zju.edu.cn',
      { memberEmails: ['wei@zju.edu.cn'] },
      ['member', 'email_domain'],
    ],
    [
      'another address at a public provider',
      'wei@gmail.com',
      { memberEmails: ['x@gmail.com'], ownerEmail: 'y@gmail.com' },
      [],
    ],
  ])('the same address on both sides is the same person: %s', (_label, judgeEmail, team, expected) => {
    const pairs = detectConflicts({
      entries: [entry({ ...team, organization: 'Team Org' })],
      judges: [judge({ email: judgeEmail, organization: 'Judge Org' })],
    });
    expect(sourcesOf(pairs)).toEqual(expected);
  });

  test('same country only when the round asks', () => {
    const input = { entries: [entry({ country: 'CN' })], judges: [judge({ country: 'CN' })] };
    expect(detectConflicts({ ...input, sameCountry: false })).toEqual([]);
    const pairs = detectConflicts({ ...input, sameCountry: true });
    expect(sourcesOf(pairs)).toEqual(['country']);
    expect(
      detectConflicts({
        entries: [entry({ country: 'DE' })],
        judges: [judge({ country: 'CN' })],
        sameCountry: true,
      }),
    ).toEqual([]);
  });

  test("the team's organizations to avoid match the judge's, normalized", () => {
    const pairs = detectConflicts({
      entries: [entry({ avoidOrganizations: ['  zhejiang-university ', 'Alibaba'] })],
      judges: [judge(), judge({ id: 'j2', organization: 'Tencent', email: 'x@tencent.com' })],
    });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ judgeId: 'j1', entryId: 'e1' });
    expect(sourcesOf(pairs)).toEqual(['team']);
    expect(pairs[0]!.sources[0]!.reason).toContain('zhejiang-university');
  });

  test('declared conflicts keep their source, reason and id; unknown judges or entries are dropped', () => {
    const pairs = detectConflicts({
      entries: [entry()],
      judges: [judge()],
      declared: [
        { id: 'c2', judgeId: 'j1', entryId: 'e1', source: 'organizer', reason: 'Investor in the team' },
        { id: 'c1', judgeId: 'j1', entryId: 'e1', source: 'judge', reason: 'Former student' },
        { id: 'c3', judgeId: 'j1', entryId: 'e1', source: 'recusal', reason: 'Knows the founder' },
        { id: 'c4', judgeId: 'gone', entryId: 'e1', source: 'judge', reason: '' },
        { id: 'c5', judgeId: 'j1', entryId: 'gone', source: 'judge', reason: '' },
      ],
    });
    expect(pairs).toEqual([
      {
        judgeId: 'j1',
        entryId: 'e1',
        sources: [
          { source: 'recusal', reason: 'Knows the founder', conflictId: 'c3' },
          { source: 'judge', reason: 'Former student', conflictId: 'c1' },
          { source: 'organizer', reason: 'Investor in the team', conflictId: 'c2' },
        ],
      },
    ]);
  });

  test('one pair gathers every reason, and pairs come sorted by judge then entry', () => {
    const pairs = detectConflicts({
      entries: [
        entry({ id: 'e2', organization: 'ZJU', memberEmails: ['a@zju.edu.cn'], country: 'CN' }),
        entry({ id: 'e1', organization: 'Other', memberEmails: ['a@other.example'], country: 'CN' }),
      ],
      judges: [
        judge({ id: 'j2', organization: 'ZJU', email: 'b@zju.edu.cn', country: 'CN' }),
        judge({ id: 'j1', organization: 'Fudan', email: 'c@fudan.edu.cn', country: 'US' }),
      ],
      sameCountry: true,
    });
    expect(pairs.map((p) => [p.judgeId, p.entryId, p.sources.map((s) => s.source)])).toEqual([
      ['j2', 'e1', ['country']],
      ['j2', 'e2', ['organization', 'email_domain', 'country']],
    ]);
  });

  test('is deterministic: shuffled input gives the same output', () => {
    const entries = Array.from({ length: 30 }, (_, i) =>
      entry({
        id: `e${i}`,
        organization: `Org ${i % 5}`,
        country: ['CN', 'DE', 'US'][i % 3]!,
        memberEmails: [`m${i}@org${i % 7}.example`],
      }),
    );
    const judges = Array.from({ length: 10 }, (_, i) =>
      judge({
        id: `j${i}`,
        organization: `Org ${i % 4}`,
        country: ['CN', 'JP'][i % 2]!,
        email: `j${i}@org${i % 6}.example`,
      }),
    );
    const a = detectConflicts({ entries, judges, sameCountry: true });
    const b = detectConflicts({
      entries: [...entries].reverse(),
      judges: [...judges].reverse(),
      sameCountry: true,
    });
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});

describe('helpers', () => {
  test.each([
    ['a@zju.edu.cn', 'zju.edu.cn'],
    ['A@Example.ORG', 'example.org'],
    ['x@gmail.com', null],
    ['x@hotmail.com', null],
    ['x@icloud.com', null],
    ['not-an-email', null],
    ['x@localhost', null],
  ])('privateEmailDomain(%s) = %s', (email, domain) => {
    expect(privateEmailDomain(email)).toBe(domain);
  });

  test.each([
    ['Alibaba Cloud', 'alibabacloud'],
    ['', null],
    ['None', null],
    ['Self-employed', null],
  ])('organizationKey(%s)', (name, key) => {
    const result = organizationKey(name);
    if (key === null) expect(result).toBeNull();
    else expect(result).not.toBeNull();
  });
});
