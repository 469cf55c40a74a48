import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { setDayjsLanguage } from './i18n/dates.ts';
import { currentLanguage } from './i18n/i18n.ts';

// i18n initialises synchronously on import; mirror its choice before the first paint.
document.documentElement.lang = currentLanguage();
setDayjsLanguage(currentLanguage());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
