import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
import { ApiMetrics } from './api-metrics';

// Public, like /health: Prometheus scrapers usually carry no token, and the metrics are platform-wide counts and
// durations (screens by status, molecules, queue depth, request latency) with no screen id, owner, structure or
// patient. Deployments that do not want them reachable keep /metrics off the public ingress (docs/SECURITY.md).
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @ApiOperation({
    summary:
      'Prometheus metrics: screens by status, molecules processed, chunk durations, failures and retries (all ' +
      "workers, from the database), queue depth and the workers' time budgets (from Redis), request durations and " +
      "failures, the drawing pool's over-budget drawings and thread terminations",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format.' })
  async scrape(@Res() res: Response): Promise<void> {
    const text = await this.metrics.registry.metrics();
    res.status(200).type(this.metrics.registry.contentType).send(text);
  }
}
