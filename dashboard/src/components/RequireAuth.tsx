import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../api/auth.ts';
import { PageLoader } from './PageLoader.tsx';
import { ErrorAlert } from './QueryState.tsx';

/** Renders the signed-in app only with a session; otherwise sends to sign-in and back afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
