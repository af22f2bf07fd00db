import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuditLog } from '@hitscreen/db';
import { RequireAccess } from '../auth/access.decorators';
import { ApiAccessResponses } from '../auth/api-access-responses';
import { ACCESS } from '../auth/access-rules';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { ApiError } from '../common/api-error';
import { parsePaging, type QueryValue } from '../screens/results-query';
import { AUDIT_LOG } from '../tokens';
import { AuditTrail } from './audit-trail';

class AuditRowDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'ISO-8601 UTC' }) at!: string;
  @ApiProperty({ example: 'user:5f73ba9e-…' }) actor!: string;
  @ApiProperty({ example: 'screen.export' }) action!: string;
  @ApiProperty({ example: 'screens/…/export' }) resource!: string;
  @ApiProperty({ enum: ['allowed', 'denied', 'failed'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String }) source!: string | null;
  @ApiProperty({ description: 'JSON: what was asked, a row count, a refusal reason.' }) details!: string;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditRowDto] }) items!: AuditRowDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?$/;

@ApiTags('audit')
@ApiAccessResponses()
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(AUDIT_LOG) private readonly log: AuditLog,
    private readonly trail: AuditTrail,
  ) {}

  @Get()
  @RequireAccess(ACCESS.adminOnly)
  @ApiOperation({
    summary: 'The audit log, newest first (admins only)',
    description:
      'Who (`user:<id>`, `key:<id>`, `cli`) did what (action), to what (resource: this path and everything ' +
      'under it), with what outcome, when, from where. Reading the log is itself recorded.',
  })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'resource', required: false, example: 'screens/…' })
  @ApiQuery({ name: 'since', required: false, example: '2026-11-29T00:00:00Z' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: Record<string, QueryValue>, @Req() req: AuthenticatedRequest) {
    const text = (name: string): string | undefined => {
      const value = query[name];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value === '' || value.length > 300)
        throw ApiError.badRequest(`${name} must be given once, as text of 1 to 300 characters`);
      return value;
    };
    const since = text('since');
    if (since !== undefined && (!ISO_INSTANT.test(since) || Number.isNaN(Date.parse(since))))
      throw ApiError.badRequest(`since must be an ISO-8601 date or instant, got "${since}"`);
    const filter = {
      actor: text('actor'),
      action: text('action'),
      resource: text('resource'),
      since: since === undefined ? undefined : new Date(since).toISOString(),
    };
    const paging = parsePaging(query.page, query.pageSize, 1000);
    const page = await this.log.query(filter, paging.page, paging.pageSize);
    await this.trail.record(req, { action: 'audit.read', resource: 'audit', details: filter }, 'allowed', {
      returned: page.items.length,
    });
    return page;
  }
}
