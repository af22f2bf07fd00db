import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ScreeningService } from '@hitscreen/screening';
import { AuditTrail } from '../audit/audit-trail';
import { RequireAccess } from '../auth/access.decorators';
import { ACCESS } from '../auth/access-rules';
import { ApiAccessResponses } from '../auth/api-access-responses';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { viewerOf } from '../auth/viewer';
import { ApiError } from '../common/api-error';
import { SCREENING_SERVICE } from '../tokens';
import { ErrorDto, ResultRowDto } from './dto/screen.dto';
import type { QueryValue } from './results-query';
import { DrawingOverBudget, DrawingPool } from '../drawing/drawing-pool';
import { ScreenFingerprints, SIMILARITY_MAX_MOLECULES } from './screen-fingerprints.service';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_K = 50;

class SimilarHitDto {
  @ApiProperty({ description: 'Tanimoto similarity to the query, 0..1.' }) similarity!: number;
  @ApiProperty({ type: ResultRowDto }) result!: ResultRowDto;
}

class SimilarPageDto {
  @ApiProperty({ description: 'The query: the parent SMILES of `row`, or `smiles` as given.' })
  query!: string;
  @ApiProperty({ nullable: true, type: Number }) row!: number | null;
  @ApiProperty({ description: 'Scored molecules searched.' }) searched!: number;
  @ApiProperty({ type: [SimilarHitDto] }) hits!: SimilarHitDto[];
}

/**
 * Similarity search inside one screen: the k scored compounds nearest to a compound of the screen (`row`) or to a
 * structure (`smiles`), by Tanimoto on Morgan fingerprints (radius 2, 2048 bits, of the parents, as `cli similar`).
 */
@ApiTags('screens')
@ApiResponse({ status: 400, description: 'Neither or both of row and smiles; bad k or min.', type: ErrorDto })
@ApiResponse({ status: 404, description: 'No such screen, or no such row.', type: ErrorDto })
@ApiAccessResponses()
@Controller('screens')
export class ScreenSimilarityController {
  constructor(
    @Inject(SCREENING_SERVICE) private readonly screening: ScreeningService,
    private readonly fingerprints: ScreenFingerprints,
    private readonly audit: AuditTrail,
    private readonly drawing: DrawingPool,
  ) {}

  @Get(':id/similar')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({
    summary: 'The compounds of the screen most similar to one of its rows or to a SMILES',
    description:
      `Give \`row\` (a record number of the screen) or \`smiles\`. \`k\` hits (1–${MAX_K}, default 10), best first, ` +
      'each with its result row; `min` drops hits below that Tanimoto (default 0). The query row itself is ' +
      `left out. Screens of up to ${SIMILARITY_MAX_MOLECULES} molecules (422 beyond); a finished screen's ` +
      'fingerprints are computed on its first search and kept in memory.',
  })
  @ApiQuery({ name: 'row', required: false, type: Number })
  @ApiQuery({ name: 'smiles', required: false })
  @ApiQuery({ name: 'k', required: false, type: Number })
  @ApiQuery({ name: 'min', required: false, type: Number })
  @ApiOkResponse({ type: SimilarPageDto })
  @ApiResponse({ status: 422, description: 'An unreadable SMILES; a screen too large.', type: ErrorDto })
  async similar(
    @Param('id') id: string,
    @Query('row') rowText: QueryValue,
    @Query('smiles') smiles: QueryValue,
    @Query('k') kText: QueryValue,
    @Query('min') minText: QueryValue,
    @Req() req: AuthenticatedRequest,
  ): Promise<SimilarPageDto> {
    const k = numberParam('k', kText, 10, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_K);
    const min = numberParam('min', minText, 0, (n) => n >= 0 && n <= 1);
    if ((rowText === undefined) === (smiles === undefined))
      throw ApiError.badRequest('give either row (a record number of the screen) or smiles');
    const row =
      rowText === undefined
        ? null
        : numberParam('row', rowText, 0, (n) => Number.isInteger(n) && n >= 1 && n <= 2 ** 31);
    if (smiles !== undefined && (typeof smiles !== 'string' || smiles.trim() === ''))
      throw ApiError.badRequest('smiles must be given once, as text');
    const entry = {
      action: 'screen.similar.read',
      resource: `screens/${id}/similar`,
      details: { row, smiles: typeof smiles === 'string' ? smiles.slice(0, 200) : null, k, min },
    };
    return this.audit.around(
      req,
      entry,
      async () => {
        const viewer = viewerOf(req);
        const screen = ID.test(id) ? await this.screening.get(id, viewer) : null;
        if (!screen) throw ApiError.notFound(`no screen "${id}"`);
        let query = typeof smiles === 'string' ? smiles.trim() : '';
        if (row !== null) {
          const found = await this.screening.result(id, row, viewer);
          if (!found) throw ApiError.notFound(`screen ${id} has no row ${row}`);
          if (found.status !== 'ok' || !found.parentSmiles)
            throw ApiError.unprocessable(`row ${row} is ${found.status}: it has no structure to search with`);
          query = found.parentSmiles;
        }
        // On the drawing pool: standardizing a cage-like query takes seconds (1.2-1.5 s for a nanotorus, loaded).
        const queryFp = await this.drawing.fingerprint(query).catch((error: unknown) => {
          if (error instanceof DrawingOverBudget)
            throw ApiError.unprocessable(
              `query "${query}" could not be fingerprinted in time: ${error.message}`,
            );
          throw error;
        });
        if ('error' in queryFp)
          throw ApiError.unprocessable(`query "${query}" is not valid: ${queryFp.error}`);
        const library = await this.fingerprints.of(screen, viewer);
        // One more than asked, so that the query row can be left out and k still come back.
        const nearest = library
          .search(queryFp.fingerprint, k + 1, min)
          .filter((hit) => Number(hit.id) !== row)
          .slice(0, k);
        const hits: SimilarHitDto[] = [];
        for (const hit of nearest) {
          const result = await this.screening.result(id, Number(hit.id), viewer);
          if (result) hits.push({ similarity: hit.similarity, result: result as ResultRowDto });
        }
        return { query, row, searched: library.size, hits };
      },
      (page) => ({ returned: page.hits.length, searched: page.searched }),
    );
  }
}

function numberParam(name: string, value: QueryValue, fallback: number, ok: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || !ok(n))
    throw ApiError.badRequest(`${name} is out of range or not a number: "${String(value)}"`);
  return n;
}
