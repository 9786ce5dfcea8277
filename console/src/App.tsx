import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { clearSession, CREDENTIALS_EXPIRED_EVENT, loadSession, saveSession, type ConsoleCredentials } from './api/session';
import { ChunkErrorBoundary, Loading } from './components/common';
import { SessionContext } from './context';
import { m } from './messages';
import { SignIn } from './pages/SignIn';

/**
 * The sign-in page is in the first chunk; the signed-in console (layout, navigation, pages) is
 * fetched when needed, each page in its own chunk (Shell.tsx), so a first visit loads only what
 * signing in needs.
 */
const loadShell = () => import('./Shell');
const Shell = lazy(() => loadShell().then((p) => ({ default: p.Shell })));

export function App() {
  const [creds, setCreds] = useState<ConsoleCredentials | undefined>(loadSession);
  const [notice, setNotice] = useState<string>();
  const queryClient = useQueryClient();
  const session = useMemo(
    () =>
      creds && {
        creds,
        signOut: () => {
          clearSession();
          queryClient.clear();
          setCreds(undefined);
        },
      },
    [creds, queryClient],
  );
  // Temporary credentials: signed out when they expire (by the clock, or when the server says so).
  useEffect(() => {
    if (!session) return;
    const expired = () => {
      session.signOut();
      setNotice(m.signIn.expired);
    };
    const timer = session.creds.expiration === undefined ? undefined : setTimeout(expired, Math.max(0, session.creds.expiration - Date.now()));
    window.addEventListener(CREDENTIALS_EXPIRED_EVENT, expired);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      window.removeEventListener(CREDENTIALS_EXPIRED_EVENT, expired);
    };
  }, [session]);
  // While the sign-in form is filled in, fetch the console behind it (after the page is usable).
  useEffect(() => {
    if (creds) return;
    const timer = setTimeout(() => void loadShell().catch(() => undefined), 1500);
    return () => clearTimeout(timer);
  }, [creds]);
  if (!session) {
    return (
      <SignIn
        notice={notice}
        onSignIn={(c, remember) => {
          saveSession(c, remember);
          setNotice(undefined);
          setCreds(c);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <ChunkErrorBoundary>
        <Suspense fallback={<Loading />}>
          <Shell creds={session.creds} onSignOut={session.signOut} />
        </Suspense>
      </ChunkErrorBoundary>
    </SessionContext.Provider>
  );
}

