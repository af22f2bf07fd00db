import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ScreeningService } from '@hitscreen/screening';
import { Public } from '../auth/access.decorators';
import { SCREENING_SERVICE } from '../tokens';

class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: string;
  @ApiProperty({ description: 'The process answers (liveness).' }) live!: boolean;
  @ApiProperty({ description: 'Database and Redis answer (readiness).' }) ready!: boolean;
  @ApiProperty() database!: boolean;
  @ApiProperty() redis!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Why a check failed.',
  })
  errors!: Record<string, string>;
}

// Probes (load balancers, Kubernetes) carry no credential; the answer names no screen, user or patient.
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(SCREENING_SERVICE) private readonly screening: ScreeningService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness (database, Redis); 503 when not ready' })
  @ApiOkResponse({ type: HealthDto })
  @ApiResponse({
    status: 503,
    type: HealthDto,
    description: 'A dependency does not answer; `errors` says why.',
  })
  async health(@Res() res: Response): Promise<void> {
    const checks = await this.screening.health();
    const ready = checks.database && checks.redis;
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'unavailable', live: true, ready, ...checks });
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness only: the process answers (no dependency is checked)' })
  live(): { status: string } {
    return { status: 'ok' };
  }
}
