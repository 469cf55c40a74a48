import type { AwardKind } from '@wuzhen/shared';

/** The ladder's conventional names: 1 grand, 2 first, 3 second, 4 third; beyond, "level n". */
export type LevelKey = 'grand' | 'first' | 'second' | 'third' | 'other';
export function levelKey(level: number | null): LevelKey {
  return level === 1
    ? 'grand'
    : level === 2
      ? 'first'
      : level === 3
        ? 'second'
        : level === 4
          ? 'third'
          : 'other';
}

/**
 * An award's kind ("First prize", "特别奖") as a tag beside its name, or null when the name says it
 * already: an award called "特等奖" read "特等奖 特等奖", one called "Grand Prize" "Grand Prize Grand prize".
 */
export function kindTag(name: string, kind: string): string | null {
  const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLocaleLowerCase();
  return fold(name).includes(fold(kind)) ? null : kind;
}

type Ordered = { kind: AwardKind; level: number | null; position?: number };

/** The ladder from the grand prize down, then special awards, as the results show them. */
export function byLadder<T extends Ordered>(list: readonly T[]): T[] {
  return [...list].sort(
    (a, b) =>
      (a.kind === 'prize' ? 0 : 1) - (b.kind === 'prize' ? 0 : 1) ||
      (a.level ?? 0) - (b.level ?? 0) ||
      (a.position ?? 0) - (b.position ?? 0),
  );
}

/** Case- and accent-insensitive "does this text contain the query", for the results filter. */
export function matches(query: string, ...texts: Array<string | null | undefined>): boolean {
  const fold = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const q = fold(query.trim());
  return q === '' || texts.some((text) => text && fold(text).includes(q));
}
