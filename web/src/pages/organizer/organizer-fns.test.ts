import type { Track } from '@wuzhen/shared';
import { describe, expect, it } from 'vitest';
import { slugify } from './competition-form.tsx';
import { sortTracks } from './tracks-table.tsx';

describe('slugify', () => {
  it.each([
    ['Wuzhen Global Internet Competition 2026', 'wuzhen-global-internet-competition-2026'],
    ['  Straight to Wuzhen — Finals!  ', 'straight-to-wuzhen-finals'],
    ['Café Münster', 'cafe-munster'],
    ['乌镇大赛', ''],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('stays within 60 characters without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(59)} b`);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('sortTracks', () => {
  const track = (name: string, code: string, position: number): Track => ({
    id: code,
    competitionId: 'c',
    name,
    nameZh: '',
    code,
    position,
  });
  const tracks = [
    track('Digital medicine', 'MED', 0),
    track('artificial intelligence', 'AI', 1),
    track('Open source', 'OSS', 2),
  ];

  it('sorts by name case-insensitively, both ways', () => {
    expect(sortTracks(tracks, { key: 'name', direction: 'ascending' }, 'en').map((t) => t.code)).toEqual([
      'AI',
      'MED',
      'OSS',
    ]);
    expect(sortTracks(tracks, { key: 'name', direction: 'descending' }, 'en').map((t) => t.code)).toEqual([
      'OSS',
      'MED',
      'AI',
    ]);
  });

  it('keeps the organizer order by default and does not change its input', () => {
    expect(sortTracks(tracks, { key: 'position', direction: 'ascending' }, 'en')).toEqual(tracks);
    sortTracks(tracks, { key: 'code', direction: 'ascending' }, 'en');
    expect(tracks.map((t) => t.code)).toEqual(['MED', 'AI', 'OSS']);
  });
});
