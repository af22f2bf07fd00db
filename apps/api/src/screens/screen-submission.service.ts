import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { readRecordsFromStream, type InputRecord } from '@hitscreen/chem';
import type { LibrarySubmission, ScreeningService, ScreenSummary } from '@hitscreen/screening';
import { ApiError } from '../common/api-error';
import type { ApiConfig } from '../config/api-config';
import { ModelCatalog } from '../models/model-catalog';
import { API_CONFIG, SCREENING_SERVICE } from '../tokens';
import { readMultipartUpload } from './upload/multipart-upload';
import { optionsFromFields, parseJsonSubmission } from './upload/screen-options';
import { detectUploadFormat, peek, SNIFF_BYTES } from './upload/upload-format';

/** Who the new screen belongs to: the submitter and its team. */
export type Ownership = Required<Pick<LibrarySubmission, 'owner' | 'team'>>;

/** Turns the two kinds of `POST /screens` body into a `LibrarySubmission` for the screening service. */
@Injectable()
export class ScreenSubmissionService {
  constructor(
    @Inject(SCREENING_SERVICE) private readonly screening: ScreeningService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly models: ModelCatalog,
  ) {}

  async submitJson(body: unknown, ownership: Ownership): Promise<ScreenSummary> {
    const { options, records } = parseJsonSubmission(body, this.models.names());
    return this.screening.submit({ options, records: fromArray(records), ...ownership });
  }

  /**
   * A multipart upload, streamed from the socket through the chem readers into the service, which stores it in
   * chunks: the library is never held whole in memory. Fields: `options` (JSON) or `name`/`models`/`weights`/
   * `webhookUrl`; reader fields `format`, `smilesColumn`, `idColumn`; then the `file` part.
   */
  async submitUpload(req: Request, ownership: Ownership): Promise<ScreenSummary> {
    const { maxUploadBytes } = this.config.limits;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxUploadBytes + MULTIPART_OVERHEAD)
      throw ApiError.payloadTooLarge(
        `the request body of ${declared} bytes exceeds ${maxUploadBytes} bytes (limit MAX_UPLOAD_BYTES)`,
      );
    const upload = await readMultipartUpload(req, maxUploadBytes);
    try {
      const options = optionsFromFields(upload.fields, this.models.names());
      const { head, stream } = await peek(upload.bytes, SNIFF_BYTES);
      const format = detectUploadFormat(upload.filename, head, upload.fields.format);
      const records = readRecordsFromStream(stream, format, {
        name: upload.filename ?? 'upload',
        smilesColumn: upload.fields.smilesColumn,
        idColumn: upload.fields.idColumn,
      });
      return await this.screening.submit({ options, records, ...ownership });
    } catch (error) {
      // A refused upload may still be arriving: drain it so the client reads the answer instead of a reset.
      req.resume();
      throw error;
    }
  }
}

/** Multipart boundaries and part headers around the file; the file itself is limited exactly by busboy. */
const MULTIPART_OVERHEAD = 64 * 1024;

async function* fromArray(records: InputRecord[]): AsyncGenerator<InputRecord> {
  yield* records;
}
