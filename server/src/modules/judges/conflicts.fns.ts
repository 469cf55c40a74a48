import type { ConflictSource } from '@wuzhen/shared';
import { normalizeOrganization } from '../assignment/assignment.fns.ts';

/**
 * Mail providers anyone can sign up with: sharing one says nothing about who a person works for,
 * so they never make an email-domain conflict.
 */
export const publicMailDomains: ReadonlySet<string> = new Set([
  '126.com',
  '139.com',
  '163.com',
  '188.com',
  'aliyun.com',
  'aol.com',
  'foxmail.com',
  'free.fr',
  'gmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'googlemail.com',
  'hey.com',
  'hotmail.co.uk',
  'hotmail.com',
  'hotmail.fr',
  'icloud.com',
  'live.com',
  'mac.com',
  'mail.com',
  'mail.ru',
  'me.com',
  'msn.com',
  'naver.com',
  'orange.fr',
  'outlook.com',
  'pm.me',
  'proton.me',
  'protonmail.com',
  'qq.com',
  'rediffmail.com',
  'sina.cn',
  'sina.com',
  'sohu.com',
  't-online.de',
  'tutanota.com',
  'web.de',
  'yahoo.co.jp',
  'yahoo.co.uk',
  'yahoo.com',
  'yahoo.com.cn',
  'yandex.com',
  'yandex.ru',
  'yeah.net',
  'zoho.com',
]);

/**
 * Organization names that say "none": two independent people do not share an employer. Compared
 * after normalization.
 */
const placeholderOrganizations: ReadonlySet<string> = new Set(
  [
    '',
    'n/a',
    'na',
    'none',
    '-',
    'independent',
    'self',
    'self-employed',
    'freelance',
    'freelancer',
    'individual',
    'private',
    'personal',
    'unknown',
    '无',
    '个人',
  ].map((name) => normalizeOrganization(name)),
);

/** The normalized organization, or null when it names no organization at all. */
export const organizationKey = (name: string): string | null => {
  const key = normalizeOrganization(name);
  return key === '' || placeholderOrganizations.has(key) ? null : key;
};

/** The part after the @, lower-cased; null for a public provider or a malformed address. */
export const privateEmailDomain = (email: string): string | null => {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  if (!domain.includes('.') || publicMailDomains.has(domain)) return null;
  return domain;
};

export type ConflictEntry = {
  id: string;
  /** The team's organization and country. */
  organization: string;
  country: string;
  /** Every listed team member's email. */
  memberEmails: string[];
  /** Organizations the team asked not to be judged by. */
  avoidOrganizations: string[];
};
export type ConflictJudge = { id: string; organization: string; country: string; email: string };
export type DeclaredConflict = {
  id: string;
  judgeId: string;
  entryId: string;
  source: 'judge' | 'organizer' | 'recusal';
  reason: string;
};
export type ConflictReason = { source: ConflictSource; reason: string; conflictId: string | null };
export type ConflictPair = { judgeId: string; entryId: string; sources: ConflictReason[] };

const sourceOrder: Record<ConflictSource, number> = {
  recusal: 0,
  judge: 1,
  organizer: 2,
  team: 3,
  organization: 4,
  email_domain: 5,
  country: 6,
};

/**
 * Every conflicted judge–entry pair with all of its reasons: the declared ones (by the judge, an
 * organizer, or a recusal) and the ones detected from who the people are — the team's organizations
 * to avoid, one organization on both sides, a shared non-public email domain, and the same country
 * when `sameCountry` is asked. Pure and deterministic: pairs come sorted by judge, then entry.
 * Declared conflicts on judges or entries not in the input are left out.
 */
export function detectConflicts({
  entries,
  judges,
  declared = [],
  sameCountry = false,
}: {
  entries: ConflictEntry[];
  judges: ConflictJudge[];
  declared?: DeclaredConflict[];
  sameCountry?: boolean;
}): ConflictPair[] {
  const pairs = new Map<string, ConflictPair>();
  const add = (judgeId: string, entryId: string, reason: ConflictReason) => {
    const key = `${judgeId}\u0000${entryId}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { judgeId, entryId, sources: [] };
      pairs.set(key, pair);
    }
    pair.sources.push(reason);
  };

  const judgeIds = new Set(judges.map((j) => j.id));
  const entryIds = new Set(entries.map((e) => e.id));
  for (const d of declared) {
    if (judgeIds.has(d.judgeId) && entryIds.has(d.entryId)) {
      add(d.judgeId, d.entryId, { source: d.source, reason: d.reason, conflictId: d.id });
    }
  }

  // Index the entries by each key once, so detection stays linear in pairs actually conflicted.
  const byOrganization = new Map<string, ConflictEntry[]>();
  const byAvoided = new Map<string, Array<{ entry: ConflictEntry; named: string }>>();
  const byDomain = new Map<string, ConflictEntry[]>();
  const byCountry = new Map<string, ConflictEntry[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const entry of entries) {
    const org = organizationKey(entry.organization);
    if (org) push(byOrganization, org, entry);
    const avoided = new Set<string>();
    for (const named of entry.avoidOrganizations) {
      const key = organizationKey(named);
      if (key && !avoided.has(key)) {
        avoided.add(key);
        push(byAvoided, key, { entry, named: named.trim() });
      }
    }
    const domains = new Set(
      entry.memberEmails.map(privateEmailDomain).filter((d): d is string => d !== null),
    );
    for (const domain of domains) push(byDomain, domain, entry);
    if (sameCountry && entry.country) push(byCountry, entry.country.toUpperCase(), entry);
  }

  for (const judge of judges) {
    const org = organizationKey(judge.organization);
    if (org) {
      for (const { entry, named } of byAvoided.get(org) ?? []) {
        add(judge.id, entry.id, {
          source: 'team',
          reason: `The team asked not to be judged by ${named}.`,
          conflictId: null,
        });
      }
      for (const entry of byOrganization.get(org) ?? []) {
        add(judge.id, entry.id, {
          source: 'organization',
          reason: `The judge and the team are both at ${judge.organization.trim()}.`,
          conflictId: null,
        });
      }
    }
    const domain = privateEmailDomain(judge.email);
    if (domain) {
      for (const entry of byDomain.get(domain) ?? []) {
        add(judge.id, entry.id, {
          source: 'email_domain',
          reason: `The judge and a team member both use an @${domain} address.`,
          conflictId: null,
        });
      }
    }
    if (sameCountry && judge.country) {
      const country = judge.country.toUpperCase();
      for (const entry of byCountry.get(country) ?? []) {
        add(judge.id, entry.id, {
          source: 'country',
          reason: `The judge and the team are both from ${country}, and this round avoids same-country reviews.`,
          conflictId: null,
        });
      }
    }
  }

  const result = [...pairs.values()];
  for (const pair of result) {
    pair.sources.sort(
      (a, b) =>
        sourceOrder[a.source] - sourceOrder[b.source] ||
        (a.conflictId ?? '').localeCompare(b.conflictId ?? ''),
    );
  }
  return result.sort((a, b) =>
    a.judgeId === b.judgeId ? (a.entryId < b.entryId ? -1 : 1) : a.judgeId < b.judgeId ? -1 : 1,
  );
}
