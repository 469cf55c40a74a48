import { localizePublicAward, type PublicAward } from '@wuzhen/shared';
import { useState } from 'react';
import {
  type Announcement,
  type LiveState,
  useAnnouncements,
  useMergeAnnouncement,
  usePublicResults,
} from '../../api/awards.ts';
import { useContentText } from '../../i18n/content.ts';

/**
 * The public results of a competition, kept current by its announcements: every reveal or
 * publication lands in the results at once, and `fresh` lists what arrived while watching
 * (newest last), for the page to highlight and announce.
 */
export function useLiveResults(slug: string) {
  const results = usePublicResults(slug);
  const merge = useMergeAnnouncement(slug);
  const [fresh, setFresh] = useState<PublicAward[]>([]);
  const live: LiveState = useAnnouncements(slug, results.data?.lastEventId, (announcement: Announcement) => {
    const incoming = merge(announcement);
    setFresh((list) => [...list.filter((a) => !incoming.some((i) => i.id === a.id)), ...incoming]);
  });
  const { lang } = useContentText();
  return { results, fresh: fresh.map((award) => localizePublicAward(award, lang)), live };
}
