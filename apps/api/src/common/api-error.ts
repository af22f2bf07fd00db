/**
 * An error the API raises itself, with its HTTP status and a stable code. Library errors (InputError of
 * @hitscreen/chem, the screening service's QueryError) keep their own types and are mapped in one place,
 * `DomainExceptionFilter`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, 'bad_request', message);
  }

  static unauthorized(message: string): ApiError {
    return new ApiError(401, 'unauthorized', message);
  }

  static tooManyRequests(message: string): ApiError {
    return new ApiError(429, 'too_many_requests', message);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(403, 'forbidden', message);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, 'not_found', message);
  }

  static payloadTooLarge(message: string): ApiError {
    return new ApiError(413, 'payload_too_large', message);
  }

  static unsupportedMediaType(message: string): ApiError {
    return new ApiError(415, 'unsupported_media_type', message);
  }

  static unprocessable(message: string, options?: ErrorOptions): ApiError {
    return new ApiError(422, 'unprocessable', message, options);
  }
}
