// Mantine's styles for the first pages; later pages bring the rest (components/lazy-page.ts).
import './styles/mantine-first.css';
import './styles/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { setDayjsLanguage } from './i18n/dates.ts';
import { currentLanguage, i18nReady } from './i18n/i18n.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The first render waits for the reader's catalogues (bundled for English, fetched for Chinese), so
// nobody sees the page in one language and then the other. A catalogue that failed to arrive has
// been reported by i18next; the page then shows English rather than nothing.
const render = () => {
  document.documentElement.lang = currentLanguage();
  setDayjsLanguage(currentLanguage());
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
};
i18nReady.then(render, render);
