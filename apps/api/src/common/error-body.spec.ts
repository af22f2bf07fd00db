import { HttpException } from '@nestjs/common';
import { InputError } from '@hitscreen/chem';
import { QueryError, SubmissionError } from '@hitscreen/screening';
import { ApiError } from './api-error';
import { errorBody } from './error-body';

describe('errorBody', () => {
  it('maps domain errors to their HTTP status with a code and the message', () => {
    expect(errorBody(ApiError.payloadTooLarge('too big'))).toEqual({
      statusCode: 413,
      error: 'payload_too_large',
      message: 'too big',
    });
    expect(errorBody(new QueryError('unknown sort key "x"'))).toEqual({
      statusCode: 400,
      error: 'invalid_query',
      message: 'unknown sort key "x"',
    });
    expect(errorBody(new SubmissionError('more than 10 molecules', 'too_large')).statusCode).toBe(413);
    expect(errorBody(new SubmissionError('empty library', 'invalid')).statusCode).toBe(422);
    expect(errorBody(new InputError('input is not gzip data'))).toEqual({
      statusCode: 422,
      error: 'invalid_input',
      message: 'input is not gzip data',
    });
    expect(errorBody(new HttpException('Cannot GET /x', 404))).toEqual({
      statusCode: 404,
      error: 'not_found',
      message: 'Cannot GET /x',
    });
  });

  it('passes a middleware 4xx through and hides everything else behind a fixed 500', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413 });
    expect(errorBody(tooLarge)).toEqual({
      statusCode: 413,
      error: 'payload_too_large',
      message: 'request entity too large',
    });
    const body = errorBody(new Error('connection refused at 10.0.0.1:5432'));
    expect(body).toEqual({ statusCode: 500, error: 'internal_error', message: 'internal error' });
  });
});
