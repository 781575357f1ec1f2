/**
 * Which page to show: first-run setup, sign-in, a forced password change, or
 * the page the address names. Focus moves to the new page's content after
 * each navigation so keyboard and screen-reader users start at the top of it.
 */
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { ErrorAlert, Loading } from './components/Alert.js';
import { BareLayout, Layout } from './components/Layout.js';
import { AssessmentsPage } from './pages/AssessmentsPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { ChecklistPage } from './pages/ChecklistPage.js';
import { CrosswalkPage } from './pages/CrosswalkPage.js';
import { DocumentsPage } from './pages/DocumentsPage.js';
import { GuideListPage } from './pages/GuideListPage.js';
import { GuidePageView } from './pages/GuidePageView.js';
import { ItemPage } from './pages/ItemPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { ReportsPage } from './pages/ReportsPage.js';
import { SetupPage } from './pages/SetupPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { matchPath, useLocation } from './router.js';
import { useSession } from './session.js';

type Params = Record<string, string>;

const ROUTES: { pattern: string; render: (p: Params) => ReactNode }[] = [
  { pattern: '/', render: () => <AssessmentsPage /> },
  { pattern: '/assessments/:id', render: (p) => <OverviewPage id={p.id!} /> },
  { pattern: '/assessments/:id/checklist', render: (p) => <ChecklistPage id={p.id!} /> },
  { pattern: '/assessments/:id/items/:itemId', render: (p) => <ItemPage id={p.id!} itemId={p.itemId!} /> },
  { pattern: '/assessments/:id/documents', render: (p) => <DocumentsPage id={p.id!} /> },
  { pattern: '/assessments/:id/reports', render: (p) => <ReportsPage id={p.id!} /> },
  { pattern: '/guide', render: () => <GuideListPage /> },
  { pattern: '/guide/:slug', render: (p) => <GuidePageView slug={p.slug!} /> },
  { pattern: '/crosswalk', render: () => <CrosswalkPage /> },
  { pattern: '/audit', render: () => <AuditPage /> },
  { pattern: '/admin/users', render: () => <UsersPage /> },
  { pattern: '/account/password', render: () => <ChangePasswordPage forced={false} /> },
];

function route(path: string): ReactNode {
  for (const r of ROUTES) {
    const params = matchPath(r.pattern, path);
    if (params) return r.render(params);
  }
  return <NotFoundPage />;
}

/** Move focus to <main> after a navigation (not on the first render). */
function useFocusOnNavigate(path: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
}

/** The app. */
export function App() {
  const { state, refresh } = useSession();
  const { path } = useLocation();
  useFocusOnNavigate(path);

  switch (state.phase) {
    case 'loading':
      return (
        <BareLayout>
          <h1 className="visually-hidden">qmsr workspace</h1>
          <Loading what="Connecting to the workspace" />
        </BareLayout>
      );
    case 'unreachable':
      return (
        <BareLayout>
          <h1>The workspace server cannot be reached</h1>
          <ErrorAlert error={new Error(state.message)} />
          <button type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </BareLayout>
      );
    case 'setup':
      return <SetupPage />;
    case 'signed-out':
      return <SignInPage message={state.message} />;
    case 'signed-in':
      if (state.user.mustChangePassword) return <ChangePasswordPage forced />;
      return <Layout>{route(path)}</Layout>;
  }
}
