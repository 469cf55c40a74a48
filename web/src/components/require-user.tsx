import type { User } from '@wuzhen/shared';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/auth.ts';
import { ErrorAlert } from './error-alert.tsx';
import { LoadingState } from './loading-state.tsx';

/** Where to return after signing in: only a path on this site, never another origin. */
export function safeNextPath(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Renders its children with the signed-in user, or sends a signed-out visitor to /signin. */
export function RequireUser({ children }: { children: (user: User) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <LoadingState />;
  if (me.isError && me.data === undefined) return <ErrorAlert error={me.error} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return children(me.data);
}
