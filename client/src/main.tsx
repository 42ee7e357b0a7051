import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import './i18n/index.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/editor.css';
import './styles/responsive.css';
import { App } from './App.tsx';
import { SessionProvider } from './session/session.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </SessionProvider>
  </StrictMode>,
);
