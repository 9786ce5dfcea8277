import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { clearSession, loadSession, saveSession } from './api/session';
import type { Acs3Credentials } from './api/signer';
import { ChunkErrorBoundary, Loading } from './components/common';
import { SessionContext } from './context';
import { SignIn } from './pages/SignIn';

/**
 * The sign-in page is in the first chunk; the signed-in console (layout, navigation, pages) is
 * fetched when needed, each page in its own chunk (Shell.tsx), so a first visit loads only what
 * signing in needs.
 */
const loadShell = () => import('./Shell');
const Shell = lazy(() => loadShell().then((p) => ({ default: p.Shell })));

export function App() {
  const [creds, setCreds] = useState<Acs3Credentials | undefined>(loadSession);
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
  // While the sign-in form is filled in, fetch the console behind it (after the page is usable).
  useEffect(() => {
    if (creds) return;
    const timer = setTimeout(() => void loadShell().catch(() => undefined), 1500);
    return () => clearTimeout(timer);
  }, [creds]);
  if (!session) {
    return (
      <SignIn
        onSignIn={(c, remember) => {
          saveSession(c, remember);
          setCreds(c);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <ChunkErrorBoundary>
        <Suspense fallback={<Loading />}>
          <Shell accessKeyId={session.creds.accessKeyId} onSignOut={session.signOut} />
        </Suspense>
      </ChunkErrorBoundary>
    </SessionContext.Provider>
  );
}

