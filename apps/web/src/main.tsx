import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { manifestFor, startServiceWorker } from './features/install/pwa.ts';
import { currentLocale, setupI18n } from './i18n/index.ts';
import { applyTheme, storedTheme } from './lib/theme.ts';
import './styles.css';

// Theme and language before the first paint, so nothing flashes in the wrong colors or language.
applyTheme(storedTheme());
const i18n = setupI18n();
manifestFor(currentLocale());
i18n.on('languageChanged', () => manifestFor(currentLocale()));
startServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
