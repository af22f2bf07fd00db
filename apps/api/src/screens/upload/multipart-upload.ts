import type { Request } from 'express';
import busboy from 'busboy';
import { ApiError } from '../../common/api-error';

/** The library part of a multipart request: the fields sent before it and its bytes, still streaming. */
export interface MultipartUpload {
  fields: Record<string, string>;
  filename: string | undefined;
  /** The file's bytes; throws 413 when the file passes `maxBytes`, 400 when the multipart body breaks. */
  bytes: AsyncIterable<Buffer>;
}

const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 64 * 1024;

/**
 * Parses a multipart request up to its first file part and hands that part over as a stream, so a library is
 * never held in memory: the fields (options) must come before the file, as `curl -F` and browsers send them in
 * order. Rejects with 400 for a broken body or a missing file part.
 */
export function readMultipartUpload(req: Request, maxBytes: number): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes },
      });
    } catch (error) {
      reject(ApiError.badRequest(`malformed multipart request: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let settled = false;
    const fail = (error: ApiError) => {
      // The client may still be sending: read the rest away so it gets to see the answer.
      req.unpipe(parser);
      req.resume();
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        fail(ApiError.payloadTooLarge(`form field "${name}" exceeds ${MAX_FIELD_BYTES} bytes`));
      else fields[name] = value;
    });
    parser.on('fieldsLimit', () => fail(ApiError.badRequest(`more than ${MAX_FIELDS} form fields`)));
    parser.on('file', (_name, stream, info) => {
      if (settled) {
        stream.resume();
        return;
      }
      settled = true;
      // A body that is already complete when parsing starts (small uploads, or a request held by an async guard)
      // is parsed in one go: a cut-short form fails the file stream before anyone reads it. Keep that error for
      // the reader instead of letting it escape as an unhandled 'error' event.
      let failure: Error | undefined;
      stream.on('error', (error) => (failure ??= error));
      stream.on('limit', () => {
        req.unpipe(parser);
        req.resume();
        stream.destroy(
          ApiError.payloadTooLarge(`the uploaded file exceeds ${maxBytes} bytes (limit MAX_UPLOAD_BYTES)`),
        );
      });
      resolve({
        fields: { ...fields },
        filename: info.filename,
        bytes: clientErrors(stream, () => failure),
      });
    });
    parser.on('error', (error) => fail(malformed(error)));
    parser.on('close', () =>
      fail(ApiError.badRequest('the multipart request has no file part (field "file")')),
    );
    req.pipe(parser);
  });
}

function malformed(error: Error): ApiError {
  return ApiError.badRequest(`malformed multipart request: ${error.message}`);
}

/** The file's bytes; busboy's own errors on it (a body cut short, a bad boundary) are the client's: 400. */
async function* clientErrors(
  stream: AsyncIterable<Buffer>,
  failure: () => Error | undefined,
): AsyncGenerator<Buffer> {
  try {
    yield* stream;
    const early = failure();
    if (early) throw early;
  } catch (error) {
    throw error instanceof ApiError || !(error instanceof Error) ? error : malformed(error);
  }
}
