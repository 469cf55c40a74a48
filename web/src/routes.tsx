import { Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout.tsx';
import { lazyPage } from './components/lazy-page.ts';
import { LoadingState } from './components/loading-state.tsx';
import { RequireUser } from './components/require-user.tsx';
import { SignInPage } from './pages/auth/signin-page.tsx';
import { NotFoundPage } from './pages/errors/not-found-page.tsx';
import { HomePage } from './pages/home/home-page.tsx';
import { ResultsPage } from './pages/public/results-page.tsx';

// The first pages a visitor opens (home, sign-in, the public results) are in the main bundle; every
// other page loads on first visit, so a phone on a slow link fetches only what the page it opened
// needs. Organizer pages are the heaviest (charts), and the judges' review page carries the PDF viewer.
const InvitationPage = lazyPage(() =>
  import('./pages/judge/invitation-page.tsx').then((m) => ({ default: m.InvitationPage })),
);
const JudgePage = lazyPage(() =>
  import('./pages/judge/judge-page.tsx').then((m) => ({ default: m.JudgePage })),
);
const LivePanelPage = lazyPage(() =>
  import('./pages/judge/live-panel-page.tsx').then((m) => ({ default: m.LivePanelPage })),
);
const ReviewPage = lazyPage(() =>
  import('./pages/judge/review-page.tsx').then((m) => ({ default: m.ReviewPage })),
);
const BigScreenPage = lazyPage(() =>
  import('./pages/public/big-screen-page.tsx').then((m) => ({ default: m.BigScreenPage })),
);
const PublicResultsPage = lazyPage(() =>
  import('./pages/public/public-results-page.tsx').then((m) => ({ default: m.PublicResultsPage })),
);
const ResultsPrintPage = lazyPage(() =>
  import('./pages/public/results-print-page.tsx').then((m) => ({ default: m.ResultsPrintPage })),
);
const TeamPage = lazyPage(() => import('./pages/team/team-page.tsx').then((m) => ({ default: m.TeamPage })));
const JoinTeamPage = lazyPage(() =>
  import('./pages/team/join-page.tsx').then((m) => ({ default: m.JoinTeamPage })),
);
const TeamResultsPage = lazyPage(() =>
  import('./pages/team/team-results-page.tsx').then((m) => ({ default: m.TeamResultsPage })),
);
const RegisterPage = lazyPage(() =>
  import('./pages/auth/register-page.tsx').then((m) => ({ default: m.RegisterPage })),
);
const CompetitionsPage = lazyPage(() =>
  import('./pages/organizer/competitions-page.tsx').then((m) => ({ default: m.CompetitionsPage })),
);
const NewCompetitionPage = lazyPage(() =>
  import('./pages/organizer/new-competition-page.tsx').then((m) => ({ default: m.NewCompetitionPage })),
);
const CompetitionPage = lazyPage(() =>
  import('./pages/organizer/competition-page.tsx').then((m) => ({ default: m.CompetitionPage })),
);
const accountPages = () => import('./pages/account/account-pages.tsx');
const ForgotPasswordPage = lazyPage(() => accountPages().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazyPage(() => accountPages().then((m) => ({ default: m.ResetPasswordPage })));
const VerifyEmailPage = lazyPage(() => accountPages().then((m) => ({ default: m.VerifyEmailPage })));
const ProfilePage = lazyPage(() => accountPages().then((m) => ({ default: m.ProfilePage })));
const OutboxPage = lazyPage(() =>
  import('./pages/account/outbox-page.tsx').then((m) => ({ default: m.OutboxPage })),
);
const CeremonyPage = lazyPage(() =>
  import('./pages/organizer/ceremony-page.tsx').then((m) => ({ default: m.CeremonyPage })),
);

/** Every route of the web app. The API answers index.html for any other non-/api path. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="signin" element={<SignInPage />} />
        <Route
          path="forgot-password"
          element={
            <Lazy>
              <ForgotPasswordPage />
            </Lazy>
          }
        />
        <Route
          path="reset-password"
          element={
            <Lazy>
              <ResetPasswordPage />
            </Lazy>
          }
        />
        <Route
          path="verify-email"
          element={
            <Lazy>
              <VerifyEmailPage />
            </Lazy>
          }
        />
        <Route
          path="profile"
          element={
            <RequireUser>
              {() => (
                <Lazy>
                  <ProfilePage />
                </Lazy>
              )}
            </RequireUser>
          }
        />
        <Route
          path="outbox"
          element={
            <RequireUser>
              {() => (
                <Lazy>
                  <OutboxPage />
                </Lazy>
              )}
            </RequireUser>
          }
        />
        <Route
          path="register"
          element={
            <Lazy>
              <RegisterPage />
            </Lazy>
          }
        />
        <Route
          path="invite/:token"
          element={
            <Lazy>
              <InvitationPage />
            </Lazy>
          }
        />
        <Route
          path="join/:token"
          element={
            <Lazy>
              <JoinTeamPage />
            </Lazy>
          }
        />
        <Route
          path="public"
          element={
            <Lazy>
              <PublicResultsPage />
            </Lazy>
          }
        />
        <Route path="c/:slug/results" element={<ResultsPage />} />
        <Route
          path="my/results"
          element={
            <RequireUser>
              {(user) => (
                <Lazy>
                  <TeamResultsPage user={user} />
                </Lazy>
              )}
            </RequireUser>
          }
        />
        <Route
          path="judge"
          element={
            <RequireUser>
              {() => (
                <Lazy>
                  <JudgePage />
                </Lazy>
              )}
            </RequireUser>
          }
        />
        <Route
          path="judge/assignments/:assignmentId"
          element={
            <RequireUser>
              {() => (
                <Lazy>
                  <ReviewPage />
                </Lazy>
              )}
            </RequireUser>
          }
        />
        <Route
          path="judge/live/:roundId"
          element={
            <RequireUser>
              {() => (
                <Lazy>
                  <LivePanelPage />
                </Lazy>
              )}
            </RequireUser>
          }
        />
        <Route
          path="team/*"
          element={
            <RequireUser>
              {() => (
                <Lazy>
                  <TeamPage />
                </Lazy>
              )}
            </RequireUser>
          }
        />
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
            path="competitions/:competitionId/outbox"
            element={
              <RequireUser>
                {() => (
                  <Lazy>
                    <OutboxPage />
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
      <Route
        path="c/:slug/screen"
        element={
          <Lazy>
            <BigScreenPage />
          </Lazy>
        }
      />
      <Route
        path="c/:slug/results/print"
        element={
          <Lazy>
            <ResultsPrintPage />
          </Lazy>
        }
      />
    </Routes>
  );
}

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<LoadingState />}>{children}</Suspense>;
}
