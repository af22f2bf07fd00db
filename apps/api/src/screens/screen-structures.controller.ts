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
import { DrawingPool } from '../drawing/drawing-pool';
import { SCREENING_SERVICE } from '../tokens';
import { ErrorDto } from './dto/screen.dto';
import type { QueryValue } from './results-query';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Rows per request: a results page of the web interface (50) fits, and one request stays well under a second. */
export const MAX_STRUCTURE_ROWS = 100;
/**
 * Drawn in lists only up to these sizes: fused cage-like systems take seconds (a 10 × 10 carbon nanotorus: 3–10 s,
 * docs/SECURITY.md), which a results page should not wait for even on the drawing pool; drug-like molecules are far
 * below both bounds. The compound's own page draws them, under the drawing time budget.
 */
export const MAX_LIST_RINGS = 12;
export const MAX_LIST_HEAVY_ATOMS = 100;

class StructureDto {
  @ApiProperty() row!: number;
  @ApiProperty({ nullable: true, type: String, description: 'SVG of the parent (RDKit); null without one.' })
  svg!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why there is no drawing.' }) error!:
    string | null;
}

class StructurePageDto {
  @ApiProperty({ type: [StructureDto] }) items!: StructureDto[];
}

/**
 * Drawings of a screen's compounds for lists (the web interface's results table): the standardized parent of each
 * requested row as an RDKit SVG, without the attribution that `GET /screens/:id/results/:row` computes.
 */
@ApiTags('screens')
@ApiResponse({ status: 400, description: 'A malformed rows list.', type: ErrorDto })
@ApiResponse({ status: 404, description: 'No such screen.', type: ErrorDto })
@ApiAccessResponses()
@Controller('screens')
export class ScreenStructuresController {
  constructor(
    @Inject(SCREENING_SERVICE) private readonly screening: ScreeningService,
    private readonly audit: AuditTrail,
    private readonly drawing: DrawingPool,
  ) {}

  @Get(':id/structures')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({
    summary: 'SVG drawings of some rows',
    description: `\`rows\`: comma-separated record numbers, at most ${MAX_STRUCTURE_ROWS}. A row that does not exist is left out; an invalid or failed row, or one over ${MAX_LIST_HEAVY_ATOMS} heavy atoms or ${MAX_LIST_RINGS} rings, has \`svg: null\` and the reason; so have the rows not drawn within the drawing time budget (API_DRAWING_TIME_BUDGET_MS, shared by the whole request): \`not drawn: exceeded the drawing time budget of N ms\`.`,
  })
  @ApiQuery({ name: 'rows', required: true, example: '1,2,3' })
  @ApiQuery({ name: 'width', required: false, type: Number })
  @ApiQuery({ name: 'height', required: false, type: Number })
  @ApiOkResponse({ type: StructurePageDto })
  async structures(
    @Param('id') id: string,
    @Query('rows') rowsText: QueryValue,
    @Query('width') widthText: QueryValue,
    @Query('height') heightText: QueryValue,
    @Req() req: AuthenticatedRequest,
  ): Promise<StructurePageDto> {
    const rows = parseRows(rowsText);
    const width = size('width', widthText, 180);
    const height = size('height', heightText, 140);
    const entry = {
      action: 'screen.structures.read',
      resource: `screens/${id}/structures`,
      details: { rows: rows.length },
    };
    return this.audit.around(
      req,
      entry,
      async () => {
        const viewer = viewerOf(req);
        if (!ID.test(id) || !(await this.screening.get(id, viewer)))
          throw ApiError.notFound(`no screen "${id}"`);
        const items: StructureDto[] = [];
        const draw = this.drawing.requestDrawer(); // one budget for the whole request
        for (const row of rows) {
          const found = await this.screening.result(id, row, viewer);
          if (!found) continue;
          if (found.status !== 'ok' || !found.parentSmiles) {
            items.push({ row, svg: null, error: found.error ?? `row is ${found.status}` });
            continue;
          }
          const rings = Number(found.properties.rings ?? 0);
          const heavyAtoms = Number(found.properties.heavy_atoms ?? 0);
          if (rings > MAX_LIST_RINGS || heavyAtoms > MAX_LIST_HEAVY_ATOMS) {
            const size = `${heavyAtoms} heavy atoms, ${rings} rings`;
            items.push({ row, svg: null, error: `not drawn in lists (${size}): open the compound` });
            continue;
          }
          const drawn = await draw(found.parentSmiles, { width, height });
          items.push(
            'svg' in drawn ? { row, svg: drawn.svg, error: null } : { row, svg: null, error: drawn.error },
          );
        }
        return { items };
      },
      (page) => ({ returned: page.items.length }),
    );
  }
}

function parseRows(value: QueryValue): number[] {
  if (typeof value !== 'string' || !/^\d{1,10}(,\d{1,10})*$/.test(value))
    throw ApiError.badRequest('rows must be comma-separated record numbers, e.g. rows=1,2,3');
  const rows = [...new Set(value.split(',').map(Number))];
  if (rows.length > MAX_STRUCTURE_ROWS)
    throw ApiError.badRequest(`at most ${MAX_STRUCTURE_ROWS} rows per request, got ${rows.length}`);
  if (rows.some((r) => r < 1)) throw ApiError.badRequest('record numbers start at 1');
  return rows;
}

function size(name: string, value: QueryValue, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d{2,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 60 && n <= 600)) throw ApiError.badRequest(`${name} must be a number of pixels from 60 to 600`);
  return n;
}
