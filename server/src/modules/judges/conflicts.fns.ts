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
  /** The address of the account that owns the team, if any. */
  ownerEmail?: string | null;
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
  member: 3,
  team: 4,
  organization: 5,
  email_domain: 6,
  country: 7,
};

/** An address compared as mail servers route it: trimmed, in lower case. */
const addressKey = (email: string) => email.trim().toLowerCase();

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
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const entryIds = new Set(entries.map((e) => e.id));
  // Entries in id order, so each judge's pairs come out sorted without sorting them.
  const entryOrder = new Map([...entries].sort(byId).map((e, i) => [e.id, i]));
  const declaredByJudge = new Map<string, DeclaredConflict[]>();
  const push = <K, T>(map: Map<K, T[]>, key: K, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const d of declared) if (entryIds.has(d.entryId)) push(declaredByJudge, d.judgeId, d);

  // Index the entries by each key once, so detection stays linear in the pairs actually conflicted.
  const byOrganization = new Map<string, ConflictEntry[]>();
  const byAvoided = new Map<string, Array<{ entry: ConflictEntry; named: string }>>();
  const byDomain = new Map<string, ConflictEntry[]>();
  const byAddress = new Map<string, ConflictEntry[]>();
  const byCountry = new Map<string, ConflictEntry[]>();
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
    // The same address is the same person, at a public provider too (where a shared domain is not).
    const addresses = new Set([...entry.memberEmails, entry.ownerEmail ?? ''].map(addressKey));
    addresses.delete('');
    for (const address of addresses) push(byAddress, address, entry);
    if (sameCountry && entry.country) push(byCountry, entry.country.toUpperCase(), entry);
  }

  const result: ConflictPair[] = [];
  for (const judge of [...judges].sort(byId)) {
    // One judge at a time: a small map of their conflicted entries, then in entry order.
    const mine = new Map<string, ConflictPair>();
    const add = (entryId: string, reason: ConflictReason) => {
      let pair = mine.get(entryId);
      if (!pair) {
        pair = { judgeId: judge.id, entryId, sources: [] };
        mine.set(entryId, pair);
      }
      pair.sources.push(reason);
    };
    for (const d of declaredByJudge.get(judge.id) ?? []) {
      add(d.entryId, { source: d.source, reason: d.reason, conflictId: d.id });
    }
    const org = organizationKey(judge.organization);
    if (org) {
      for (const { entry, named } of byAvoided.get(org) ?? []) {
        add(entry.id, {
          source: 'team',
          reason: `The team asked not to be judged by ${named}.`,
          conflictId: null,
        });
      }
      // One reason object per judge and source, shared by its pairs (never mutated).
      const reason: ConflictReason = {
        source: 'organization',
        reason: `The judge and the team are both at ${judge.organization.trim()}.`,
        conflictId: null,
      };
      for (const entry of byOrganization.get(org) ?? []) add(entry.id, reason);
    }
    const address = addressKey(judge.email);
    if (address) {
      const reason: ConflictReason = {
        source: 'member',
        reason: `The judge's address, ${judge.email.trim()}, is on the team.`,
        conflictId: null,
      };
      for (const entry of byAddress.get(address) ?? []) add(entry.id, reason);
    }
    const domain = privateEmailDomain(judge.email);
    if (domain) {
      const reason: ConflictReason = {
        source: 'email_domain',
        reason: `The judge and a team member both use an @${domain} address.`,
        conflictId: null,
      };
      for (const entry of byDomain.get(domain) ?? []) add(entry.id, reason);
    }
    if (sameCountry && judge.country) {
      const country = judge.country.toUpperCase();
      const reason: ConflictReason = {
        source: 'country',
        reason: `The judge and the team are both from ${country}, and this round avoids same-country reviews.`,
        conflictId: null,
      };
      for (const entry of byCountry.get(country) ?? []) add(entry.id, reason);
    }
    const pairs = [...mine.values()].sort((a, b) => entryOrder.get(a.entryId)! - entryOrder.get(b.entryId)!);
    for (const pair of pairs) {
      if (pair.sources.length > 1) {
        pair.sources.sort(
          (a, b) =>
            sourceOrder[a.source] - sourceOrder[b.source] ||
            (a.conflictId ?? '').localeCompare(b.conflictId ?? ''),
        );
      }
      result.push(pair);
    }
  }
  return result;
}
