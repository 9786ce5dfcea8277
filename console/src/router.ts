import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`/console/#/users/u-123`): the server serves one static index.html and needs no
 * fallback for deep links.
 */
function current(): string {
  const h = location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/overview';
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): string[] {
  const path = useSyncExternalStore(subscribe, current);
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}

export function href(...segments: string[]): string {
  return '#/' + segments.map(encodeURIComponent).join('/');
}

export function navigate(...segments: string[]): void {
  location.hash = href(...segments).slice(1);
}
