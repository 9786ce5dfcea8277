import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import { ApiError } from './api/client';
import { CREDENTIALS_EXPIRED_EVENT } from './api/session';

/** An expired STS token ends the session (App signs out and says why), whatever page saw it. */
const onError = (error: unknown) => {
  if (error instanceof ApiError && error.code === 'InvalidSecurityToken.Expired') window.dispatchEvent(new Event(CREDENTIALS_EXPIRED_EVENT));
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // A denial or a bad request will not change by retrying; a network failure may.
      retry: (count, error) => count < 2 && error instanceof ApiError && (error.code === 'NetworkError' || error.status >= 500),
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
  },
});

/**
 * Someone who asked their system for less motion (WCAG 2.3.3) gets none: dialogs, popovers and
 * form messages appear and go without zooming or sliding. The browser tests ask for this too, so a
 * click never lands on a dialog that is still zooming in or a button that is still moving.
 */
const reducedMotion = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

// Colours darker than Ant Design's defaults so text and links reach WCAG AA contrast (4.5:1).
const theme = {
  token: {
    motion: !reducedMotion,
    colorPrimary: '#0a5bd3',
    colorLink: '#0a5bd3',
    colorPrimaryHover: '#1668dc',
    colorPrimaryActive: '#0b4fb5',
    colorLinkHover: '#1668dc',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorError: '#c4161c',
    colorWarning: '#945800',
    colorSuccess: '#237804',
  },
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={enUS} theme={theme}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ConfigProvider>
  </StrictMode>,
);
