import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePublicResults } from '../../api/awards.ts';
import { countryName } from '../../components/countries.ts';
import { errorMessage } from '../../components/error-message.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { kindTag, levelKey } from './awards-display.ts';
import './results-print.css';
import { formatDateTime } from '../../i18n/dates.ts';

/** `/c/:slug/results/print`: the published results on paper: one table per award, no app chrome. */
export function ResultsPrintPage() {
  const { t, i18n } = useTranslation('awards');
  const { t: tCommon } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { slug = '' } = useParams();
  const results = usePublicResults(slug);
  usePageTitle(
    results.data ? t('public.pageTitle', { name: results.data.competition.name }) : t('public.title'),
  );

  if (results.isPending) return <p className="print-page">{t('print.loading')}</p>;
  if (results.isError) return <p className="print-page">{errorMessage(results.error, tCommon, lang)}</p>;
  const { competition, awards } = results.data;
  return (
    <main className="print-page">
      <nav className="print-page__actions">
        <Link to={`/c/${slug}/results`}>← {t('print.back')}</Link>
        <button type="button" onClick={() => window.print()}>
          {t('print.print')}
        </button>
      </nav>
      <header>
        <h1>{competition.name}</h1>
        <p className="print-page__subtitle">
          {t('print.subtitle')}
          {competition.resultsPublishedAt
            ? ` · ${formatDateTime(competition.resultsPublishedAt, competition.timezone, lang)}`
            : ''}
        </p>
      </header>
      {awards.length === 0 && <p>{t('public.emptyTitle')}</p>}
      {awards.map((award) => (
        <section key={award.id} className="print-page__award">
          <h2>
            {award.name}
            <span className="print-page__kind">
              {[
                kindTag(
                  award.name,
                  award.kind === 'prize'
                    ? t(`level.${levelKey(award.level)}`, { level: award.level })
                    : t('kind.special'),
                ),
                award.track,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('print.project')}</th>
                <th scope="col">{t('print.team')}</th>
                <th scope="col">{t('print.country')}</th>
                <th scope="col">{t('print.track')}</th>
                <th scope="col">{t('print.citation')}</th>
              </tr>
            </thead>
            <tbody>
              {award.winners.map((w) => (
                <tr key={w.entryId}>
                  <td>{w.title}</td>
                  <td>{w.team}</td>
                  <td>{countryName(w.country, lang)}</td>
                  <td>{w.track ?? ''}</td>
                  <td>{w.citation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </main>
  );
}
