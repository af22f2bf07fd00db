import { HttpException } from '@nestjs/common';
import { InputError } from '@hitscreen/chem';
import { QueryError, SubmissionError } from '@hitscreen/screening';
import { ApiError } from './api-error';

/** The JSON body of every error answer. Never a stack trace: `message` is written for the client. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * Maps any thrown value to its HTTP answer. Kept a pure function (the filter only writes it out) so the mapping
 * is tested without a server. Unknown errors become a 500 with a fixed message; the caller logs the original.
 */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof ApiError)
    return { statusCode: error.status, error: error.code, message: error.message };
  if (error instanceof InputError) return { statusCode: 422, error: 'invalid_input', message: error.message };
  if (error instanceof QueryError) return { statusCode: 400, error: 'invalid_query', message: error.message };
  if (error instanceof SubmissionError)
    return error.code === 'too_large'
      ? { statusCode: 413, error: 'payload_too_large', message: error.message }
      : { statusCode: 422, error: 'unprocessable', message: error.message };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? error.message);
    return { statusCode: status, error: codeOf(status), message };
  }
  // Express middleware errors (body-parser: too large, malformed JSON) carry an exposable 4xx status.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && error instanceof Error)
    return { statusCode: status, error: codeOf(status), message: error.message };
  return { statusCode: 500, error: 'internal_error', message: 'internal error' };
}

function codeOf(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 429:
      return 'too_many_requests';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'unprocessable';
    default:
      return status >= 500 ? 'internal_error' : 'client_error';
  }
}
