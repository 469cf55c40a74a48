import type { PublicAward } from '@wuzhen/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { countryName } from '../../components/countries.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { kindTag, levelKey } from './awards-display.ts';
import './big-screen.css';
import { LiveBadge } from './live-badge.tsx';
import { useLiveResults } from './live-results.ts';

/**
 * `/c/:slug/screen`: the stage screen. Dark, large type, no chrome: it shows each award the
 * moment it is revealed (server-sent events), and before the first one the competition's name.
 */
export function BigScreenPage() {
  const { t, i18n } = useTranslation('awards');
  const lang = i18n.resolvedLanguage ?? 'en';
  const { slug = '' } = useParams();
  const { results, fresh, live } = useLiveResults(slug);
  usePageTitle(t('screen.title'));
  const [fullscreen, setFullscreen] = useState(false);
  useEffect(() => {
    const onChange = () => setFullscreen(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const awards = results.data?.awards ?? [];
  // "First prize · AI" above the name, unless the name says it already ("Grand Prize").
  const kicker = (award: PublicAward) => {
    const kind =
      award.kind === 'prize'
        ? t(`level.${levelKey(award.level)}`, { level: award.level })
        : t('kind.special');
    const parts = [kindTag(award.name, kind), award.track].filter(Boolean);
    return parts.join(' · ') || '\u00a0';
  };
  // The latest reveal while watching; on opening, the most recently published award.
  const current: PublicAward | undefined =
    fresh.at(-1) ?? [...awards].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt)).at(-1);

  return (
    <main className="big-screen" data-testid="big-screen">
      <header className="big-screen__header">
        <span className="big-screen__competition">{results.data?.competition.name ?? ''}</span>
        <span className="big-screen__controls">
          <LiveBadge state={live} dark />
          {!fullscreen && (
            <button
              type="button"
              className="big-screen__button"
              onClick={() => void document.documentElement.requestFullscreen?.()}
            >
              {t('screen.fullscreen')}
            </button>
          )}
        </span>
      </header>
      <section className="big-screen__stage" aria-live="assertive" aria-atomic="true">
        {results.isError ? (
          <p className="big-screen__waiting">{t('screen.unavailable')}</p>
        ) : !current ? (
          <div className="big-screen__waiting">
            <h1>{results.data?.competition.name ?? ''}</h1>
            <p>{results.isPending ? '' : t('screen.waiting')}</p>
          </div>
        ) : (
          <article key={current.id} className="big-screen__award" data-testid="big-screen-award">
            <p className="big-screen__kind">{kicker(current)}</p>
            <h1 className="big-screen__name">{current.name}</h1>
            <ul className="big-screen__winners">
              {current.winners.map((w) => (
                <li key={w.entryId}>
                  <p className="big-screen__title">{w.title}</p>
                  <p className="big-screen__team">
                    {w.team} · {countryName(w.country, lang)}
                    {w.track ? ` · ${w.track}` : ''}
                  </p>
                  {w.citation && <p className="big-screen__citation">“{w.citation}”</p>}
                </li>
              ))}
            </ul>
          </article>
        )}
      </section>
      <footer className="big-screen__footer">
        {awards.length > 0 ? t('screen.count', { count: awards.length }) : ''}
      </footer>
    </main>
  );
}
