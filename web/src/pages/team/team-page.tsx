import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../errors/not-found-page.tsx';
import { EntryPage } from './entry-page.tsx';
import { TeamHomePage } from './team-home-page.tsx';
import { EditTeamPage, NewEntryPage, NewTeamPage } from './team-pages.tsx';

/** `/team/*`: a team's pages, from finding a competition to submitting an entry. */
export function TeamPage() {
  return (
    <Routes>
      <Route index element={<TeamHomePage />} />
      <Route path="new" element={<NewTeamPage />} />
      <Route path="teams/:teamId" element={<EditTeamPage />} />
      <Route path="teams/:teamId/entries/new" element={<NewEntryPage />} />
      <Route path="entries/:entryId" element={<EntryPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
