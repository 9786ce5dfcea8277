import { createContext, useContext } from 'react';
import { callApi, type Product } from './api/client';
import type { ConsoleCredentials } from './api/session';

type Params = Parameters<typeof callApi>[3];

export interface Session {
  readonly creds: ConsoleCredentials;
  signOut(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);
export const DirectoryContext = createContext<string>('');

/** `call(product, action, params)`: a signed management API call as the signed-in key. */
export function useApi(): <T>(product: Product, action: string, params?: Params) => Promise<T> {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useApi outside a session');
  return <T,>(product: Product, action: string, params?: Params) => callApi<T>(session.creds, product, action, params);
}

export function useDirectoryId(): string {
  return useContext(DirectoryContext);
}
