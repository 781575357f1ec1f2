/**
 * The frame of every signed-in page: a skip link, the header with the main
 * navigation and the user, the page in <main>, and a footer that names the
 * knowledge-base version every answer rests on.
 */
import type { ReactNode } from 'react';
import { useResource } from '../lib/use-resource.js';
import { Link, useLocation } from '../router.js';
import { ROLE_LABELS, can, useSession } from '../session.js';
import type { KbInfo } from '../types.js';

interface NavEntry {
  to: string;
  label: string;
  /** Paths that count as this section. */
  match: (path: string) => boolean;
}

function NavLink({ entry, path }: { entry: NavEntry; path: string }) {
  const current = entry.match(path);
  return (
    <li>
      <Link to={entry.to} aria-current={current ? 'page' : undefined} className={current ? 'current' : undefined}>
        {entry.label}
      </Link>
    </li>
  );
}

/** The page frame. */
export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const { path } = useLocation();
  const kb = useResource<KbInfo>('/api/kb');

  const entries: NavEntry[] = [
    { to: '/', label: 'Assessments', match: (p) => p === '/' || p.startsWith('/assessments') },
    { to: '/guide', label: 'Guide', match: (p) => p.startsWith('/guide') },
    { to: '/crosswalk', label: 'Crosswalk', match: (p) => p.startsWith('/crosswalk') },
  ];
  if (can(user, 'audit')) entries.push({ to: '/audit', label: 'Audit trail', match: (p) => p.startsWith('/audit') });
  if (can(user, 'admin')) entries.push({ to: '/admin/users', label: 'Users', match: (p) => p.startsWith('/admin') });

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              Q
            </span>
            qmsr <span className="brand-sub">QSR → QMSR workspace</span>
          </Link>
          <nav aria-label="Main">
            <ul className="main-nav">
              {entries.map((e) => (
                <NavLink key={e.to} entry={e} path={path} />
              ))}
            </ul>
          </nav>
          {user && (
            <div className="user-box">
              <span className="user-name">
                {user.fullName}
                <span className="user-role">{ROLE_LABELS[user.role]}</span>
              </span>
              <Link to="/account/password" className="button-quiet button-small">
                Password
              </Link>
              <button type="button" className="button-quiet button-small" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">
        <p>
          Answers rest on the qmsr knowledge base{kb.data ? ` v${kb.data.version}` : ''}
          {kb.data?.date ? ` (${kb.data.date})` : ''}. Every statement names its source; check the official text before you rely on it.
        </p>
      </footer>
    </>
  );
}

/** The frame of the pages shown before sign-in (setup, sign-in). */
export function BareLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true">
              Q
            </span>
            qmsr <span className="brand-sub">QSR → QMSR workspace</span>
          </span>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main-narrow">
        {children}
      </main>
    </>
  );
}
