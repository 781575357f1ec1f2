/**
 * Who is signed in. The provider asks the server once at start-up whether the
 * workspace needs its first administrator, then who the session belongs to;
 * pages read the user with {@link useSession} and ask {@link can} before
 * showing a control. The server enforces every rule again.
 */
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, del, get, onUnauthorized, setCsrfToken } from './api.js';
import { navigate } from './router.js';
import type { Role, SessionInfo, SetupState, User } from './types.js';

/** Where start-up stands. */
export type SessionState =
  | { phase: 'loading' }
  | { phase: 'unreachable'; message: string }
  | { phase: 'setup' }
  | { phase: 'signed-out'; message?: string }
  | { phase: 'signed-in'; user: User };

interface SessionContextValue {
  state: SessionState;
  /** The signed-in user, or undefined. */
  user: User | undefined;
  /** Record a session the server just started (sign-in, setup). */
  signedIn: (session: SessionInfo) => void;
  signOut: () => Promise<void>;
  /** Ask the server again (after a password change, say). */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** Read the session; only inside {@link SessionProvider}. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Everything the interface can offer (mirrors src/server/auth/policy.ts); the server decides again on each request. */
export type Capability =
  | 'edit' // change items, propose evidence, actions; upload and scan documents; create assessments
  | 'review' // accept or reject evidence, comment
  | 'sign'
  | 'export'
  | 'audit'
  | 'admin';

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: ['edit', 'review', 'sign', 'export', 'audit', 'admin'],
  assessor: ['edit', 'review', 'export'],
  reviewer: ['review', 'sign', 'export', 'audit'],
  viewer: ['export'],
};

/** Whether `user` may be offered `capability`. */
export function can(user: User | undefined, capability: Capability): boolean {
  return user !== undefined && CAPABILITIES[user.role].includes(capability);
}

/** Role names as shown to people. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  assessor: 'Assessor',
  reviewer: 'Reviewer (may sign)',
  viewer: 'Viewer (read only)',
};

async function currentState(): Promise<SessionState> {
  try {
    const setup = await get<SetupState>('/api/setup', { redirectOn401: false });
    if (setup.needsSetup) return { phase: 'setup' };
  } catch (err) {
    if (err instanceof ApiError && err.status === 0) return { phase: 'unreachable', message: err.message };
    // Any other answer: fall through and ask for the session.
  }
  try {
    const session = await get<SessionInfo>('/api/session', { redirectOn401: false });
    setCsrfToken(session.csrfToken);
    return { phase: 'signed-in', user: session.user };
  } catch (err) {
    if (err instanceof ApiError && err.status === 0) return { phase: 'unreachable', message: err.message };
    setCsrfToken(undefined);
    return { phase: 'signed-out' };
  }
}

/** Holds the session for the whole app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ phase: 'loading' });

  const refresh = useCallback(async () => setState(await currentState()), []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(undefined);
        setState({ phase: 'signed-out', message: 'Your session has ended. Sign in again to continue; nothing you saved is lost.' });
      }),
    [],
  );

  const signedIn = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ phase: 'signed-in', user: session.user });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await del('/api/session', { redirectOn401: false });
    } finally {
      setCsrfToken(undefined);
      // The next person to sign in on this browser starts from the beginning, not on the last page.
      navigate('/', { replace: true });
      setState({ phase: 'signed-out', message: 'You have signed out.' });
    }
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({ state, user: state.phase === 'signed-in' ? state.user : undefined, signedIn, signOut, refresh }),
    [state, signedIn, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
