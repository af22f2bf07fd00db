/**
 * A request the trial service refuses, with a stable code the API maps to HTTP: not_found 404, invalid 422,
 * too_large 413, forbidden 403, conflict 409.
 */
export type TrialServiceErrorCode = 'not_found' | 'invalid' | 'too_large' | 'forbidden' | 'conflict';

export class TrialServiceError extends Error {
  constructor(
    message: string,
    readonly code: TrialServiceErrorCode,
  ) {
    super(message);
    this.name = 'TrialServiceError';
  }
}
