import { TrialDefinitionError, TrialServiceError } from '@hitscreen/trial';
import { ApiError } from '../common/api-error';

const STATUS: Record<TrialServiceError['code'], number> = {
  invalid: 422,
  not_found: 404,
  too_large: 413,
  forbidden: 403,
  conflict: 409,
};

/**
 * The trial library's refusals as the API's errors (the shared filter writes them out): a trial definition's
 * problems are listed one per path in the message, e.g. `inclusion[2].op: must be one of …`.
 */
export function toApiError(error: unknown): unknown {
  if (error instanceof TrialDefinitionError)
    return ApiError.unprocessable(
      `invalid trial definition: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { cause: error },
    );
  if (error instanceof TrialServiceError) {
    const status = STATUS[error.code];
    const code = status === 413 ? 'payload_too_large' : status === 422 ? 'unprocessable' : error.code;
    return new ApiError(status, code, error.message, { cause: error });
  }
  return error;
}

/** Runs a service call, rethrowing its refusals as API errors. */
export async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApiError(error);
  }
}
