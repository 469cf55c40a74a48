import type { Competition } from '@wuzhen/shared';
import { type ComponentType, lazy } from 'react';
import type en from '../../i18n/en.json';

export type CompetitionTabProps = { competition: Competition };

/**
 * The tabs of the competition page, in order; each one's URL is
 * `/organizer/competitions/:competitionId/:value` (the first tab also answers without a value).
 * A feature adds its tab with one entry here and its label under `competition.tabs` in both JSON
 * catalogues. Panels load lazily, so a tab's code is only fetched when someone opens it.
 */
export type CompetitionTab = {
  value: string;
  /** Checked against `i18n/en.json` at compile time: add the label there first. */
  labelKey: `competition.tabs.${keyof (typeof en)['competition']['tabs']}`;
  Panel: ComponentType<CompetitionTabProps>;
};

export const competitionTabs: readonly CompetitionTab[] = [
  {
    value: 'overview',
    labelKey: 'competition.tabs.overview',
    Panel: lazy(() => import('./overview-tab.tsx').then((m) => ({ default: m.OverviewTab }))),
  },
  {
    value: 'rounds',
    labelKey: 'competition.tabs.rounds',
    Panel: lazy(() => import('./rounds-tab.tsx').then((m) => ({ default: m.RoundsTab }))),
  },
  {
    value: 'entries',
    labelKey: 'competition.tabs.entries',
    Panel: lazy(() => import('./entries-tab.tsx').then((m) => ({ default: m.EntriesTab }))),
  },
  {
    value: 'judges',
    labelKey: 'competition.tabs.judges',
    Panel: lazy(() => import('./judges-tab.tsx').then((m) => ({ default: m.JudgesTab }))),
  },
  {
    value: 'assignment',
    labelKey: 'competition.tabs.assignment',
    Panel: lazy(() => import('./assignment-tab.tsx').then((m) => ({ default: m.AssignmentTab }))),
  },
  {
    value: 'reviews',
    labelKey: 'competition.tabs.reviews',
    Panel: lazy(() => import('./reviews-tab.tsx').then((m) => ({ default: m.ReviewsTab }))),
  },
  {
    value: 'results',
    labelKey: 'competition.tabs.results',
    Panel: lazy(() => import('./results-tab.tsx').then((m) => ({ default: m.ResultsTab }))),
  },
  {
    value: 'awards',
    labelKey: 'competition.tabs.awards',
    Panel: lazy(() => import('./awards-tab.tsx').then((m) => ({ default: m.AwardsTab }))),
  },
  {
    value: 'audit',
    labelKey: 'competition.tabs.audit',
    Panel: lazy(() => import('./audit-tab.tsx').then((m) => ({ default: m.AuditTab }))),
  },
];

export const defaultCompetitionTab = 'overview';
