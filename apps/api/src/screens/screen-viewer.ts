import type { Principal } from '@hitscreen/auth';
import type { ScreenViewer } from '@hitscreen/screening';
import { ApiError } from '../common/api-error';
import { actorOf, type AuthenticatedRequest } from '../auth/request-principal';

/**
 * The caller as the screening service filters by: its own screens (`user:<id>` / `key:<id>`), its team's, and
 * every screen for an admin. A key's team is its owner's, so a pipeline key sees its team's screens.
 */
export function screenViewerOf(principal: Principal): ScreenViewer {
  return { owner: actorOf(principal), team: principal.team, all: principal.role === 'admin' };
}

/** The viewer of a request behind the authentication guard (which always sets the principal). */
export function viewerOf(request: AuthenticatedRequest): ScreenViewer {
  if (!request.principal) throw ApiError.unauthorized('a valid bearer token or API key is required');
  return screenViewerOf(request.principal);
}
