import type { Principal } from '@hitscreen/auth';
import type { ScreenViewer } from '@hitscreen/screening';
import type { TrialViewer } from '@hitscreen/trial';
import { ApiError } from '../common/api-error';
import { actorOf, type AuthenticatedRequest } from './request-principal';

/** What the services filter screens and trials by (the two have the same shape). */
export type Viewer = ScreenViewer & TrialViewer;

/**
 * The caller as the services filter by: what it created (`user:<id>` / `key:<id>`), its team's, and everything
 * for an admin. A key's team is its owner's, so a pipeline key sees its team's screens and trials.
 */
export function viewerOfPrincipal(principal: Principal): Viewer {
  return { owner: actorOf(principal), team: principal.team, all: principal.role === 'admin' };
}

/** The viewer of a request behind the authentication guard (which always sets the principal). */
export function viewerOf(request: AuthenticatedRequest): Viewer {
  if (!request.principal) throw ApiError.unauthorized('a valid bearer token or API key is required');
  return viewerOfPrincipal(request.principal);
}
