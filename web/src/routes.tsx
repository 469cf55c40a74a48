import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout.tsx';
import { LoadingState } from './components/loading-state.tsx';
import { RequireUser } from './components/require-user.tsx';
import { RegisterPage } from './pages/auth/register-page.tsx';
import { SignInPage } from './pages/auth/signin-page.tsx';
import { NotFoundPage } from './pages/errors/not-found-page.tsx';
import { HomePage } from './pages/home/home-page.tsx';
import { InvitationPage } from './pages/judge/invitation-page.tsx';
import { JudgePage } from './pages/judge/judge-page.tsx';
import { LivePanelPage } from './pages/judge/live-panel-page.tsx';
import { ReviewPage } from './pages/judge/review-page.tsx';
import { BigScreenPage } from './pages/public/big-screen-page.tsx';
import { PublicResultsPage } from './pages/public/public-results-page.tsx';
import { ResultsPage } from './pages/public/results-page.tsx';
import { ResultsPrintPage } from './pages/public/results-print-page.tsx';
import { TeamPage } from './pages/team/team-page.tsx';
import { TeamResultsPage } from './pages/team/team-results-page.tsx';

// Organizer pages are the heaviest and only organizers need them: each loads on first visit.
const CompetitionsPage = lazy(() =>
  import('./pages/organizer/competitions-page.tsx').then((m) => ({ default: m.CompetitionsPage })),
);
const NewCompetitionPage = lazy(() =>
  import('./pages/organizer/new-competition-page.tsx').then((m) => ({ default: m.NewCompetitionPage })),
);
const CompetitionPage = lazy(() =>
  import('./pages/organizer/competition-page.tsx').then((m) => ({ default: m.CompetitionPage })),
);
const CeremonyPage = lazy(() =>
  import('./pages/organizer/ceremony-page.tsx').then((m) => ({ default: m.CeremonyPage })),
);

/** Every route of the web app. The API answers index.html for any other non-/api path. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="signin" element={<SignInPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="invite/:token" element={<InvitationPage />} />
        <Route path="public" element={<PublicResultsPage />} />
        <Route path="c/:slug/results" element={<ResultsPage />} />
        <Route
          path="my/results"
          element={<RequireUser>{(user) => <TeamResultsPage user={user} />}</RequireUser>}
        />
        <Route path="judge" element={<RequireUser>{() => <JudgePage />}</RequireUser>} />
        <Route
          path="judge/assignments/:assignmentId"
          element={<RequireUser>{() => <ReviewPage />}</RequireUser>}
        />
        <Route path="judge/live/:roundId" element={<RequireUser>{() => <LivePanelPage />}</RequireUser>} />
        <Route path="team/*" element={<RequireUser>{() => <TeamPage />}</RequireUser>} />
        <Route path="organizer">
          <Route
            index
            element={
              <RequireUser>
                {(user) => (
                  <Lazy>
                    <CompetitionsPage user={user} />
                  </Lazy>
                )}
              </RequireUser>
            }
          />
          <Route
            path="competitions/new"
            element={
              <RequireUser>
                {(user) => (
                  <Lazy>
                    <NewCompetitionPage user={user} />
                  </Lazy>
                )}
              </RequireUser>
            }
          />
          <Route
            path="competitions/:competitionId/ceremony"
            element={
              <RequireUser>
                {() => (
                  <Lazy>
                    <CeremonyPage />
                  </Lazy>
                )}
              </RequireUser>
            }
          />
          <Route
            path="competitions/:competitionId/:tab?"
            element={
              <RequireUser>
                {() => (
                  <Lazy>
                    <CompetitionPage />
                  </Lazy>
                )}
              </RequireUser>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      {/* Full-window pages without the app's frame: the stage screen and the printable results. */}
      <Route path="c/:slug/screen" element={<BigScreenPage />} />
      <Route path="c/:slug/results/print" element={<ResultsPrintPage />} />
    </Routes>
  );
}

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<LoadingState />}>{children}</Suspense>;
}
