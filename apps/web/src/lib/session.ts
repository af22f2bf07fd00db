import { signal } from './signal';
import type { Role } from './types';

/** The signed-in user as the bearer token says (the API checks the token on every request; this only shapes the UI). */
export interface Session {
  token: string;
  email: string;
  role: Role;
  team: string | null;
  /** When the token expires, ms since the epoch. */
  expiresAt: number;
}

// sessionStorage, not localStorage: the token lives as long as the tab, and another tab or a restarted browser
// signs in again. It is never written to a cookie, so the API needs no CSRF defence.
const KEY = 'hitscreen.session';

function load(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return stored && stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());

/** Why the user is at the sign-in page again (an expired or revoked token), for the page to say. */
export const signInNotice = signal<string | null>(null);

/** The claims of a JWT (unverified: the server verifies it). */
export function tokenClaims(token: string): { role?: string; team?: string | null; exp?: number } {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(json) as { role?: string; team?: string | null; exp?: number };
}

export function startSession(email: string, token: string, expiresIn: number): Session {
  const claims = tokenClaims(token);
  const next: Session = {
    token,
    email,
    role: (claims.role ?? 'chemist') as Role,
    team: claims.team ?? null,
    expiresAt: Date.now() + expiresIn * 1000,
  };
  sessionStorage.setItem(KEY, JSON.stringify(next));
  session.set(next);
  return next;
}

export function endSession(): void {
  sessionStorage.removeItem(KEY);
  session.set(null);
}

export const canScreen = (s: Session | null) => s?.role === 'chemist' || s?.role === 'admin';
export const canReadTrials = (s: Session | null) =>
  s?.role === 'coordinator' || s?.role === 'clinical' || s?.role === 'admin';
export const canWriteTrials = (s: Session | null) => s?.role === 'coordinator' || s?.role === 'admin';
/** Patient-level results: the clinical role (and admins), as the API enforces. */
export const canSeePatients = (s: Session | null) => s?.role === 'clinical' || s?.role === 'admin';
