import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorDto } from '../screens/dto/screen.dto';

/** The answers every guarded route may give before its own work, for the OpenAPI document. */
export const ApiAccessResponses = () =>
  applyDecorators(
    ApiResponse({ status: 401, description: 'No valid bearer token or API key.', type: ErrorDto }),
    ApiResponse({
      status: 403,
      description: "The caller's role or the key's scopes do not allow this route (docs/SECURITY.md).",
      type: ErrorDto,
    }),
    ApiResponse({
      status: 429,
      description: 'Over RATE_LIMIT_PER_MINUTE, or too many bad credentials from this address.',
      type: ErrorDto,
    }),
  );
