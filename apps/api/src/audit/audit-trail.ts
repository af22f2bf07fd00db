import { Inject, Injectable } from '@nestjs/common';
import type { AuditLog, AuditOutcome } from '@hitscreen/db';
import { actorOf, sourceOf, type AuthenticatedRequest } from '../auth/request-principal';
import { errorBody } from '../common/error-body';
import { AUDIT_LOG } from '../tokens';

/** What an audited request does and to what: `screen.export` on `screens/<id>/export`. */
export interface AuditedAction {
  action: string;
  resource: string;
  /** What was asked (a format, a page, a filter), stored as JSON; never the data returned. */
  details?: Record<string, unknown>;
}

/**
 * The API's side of the audit log: the caller (`user:<id>` / `key:<id>`) and address come from the request, the
 * outcome from how the work ended. A row is appended whether the work succeeded (`allowed`) or not (`failed`, with
 * the reason: a 404 for a screen the caller may not see is recorded too, so guessing leaves a trace).
 */
@Injectable()
export class AuditTrail {
  constructor(@Inject(AUDIT_LOG) private readonly log: AuditLog) {}

  async record(
    request: AuthenticatedRequest,
    entry: AuditedAction,
    outcome: AuditOutcome,
    more: Record<string, unknown> = {},
  ): Promise<void> {
    await this.log.append({
      actor: actorOf(request.principal),
      action: entry.action,
      resource: entry.resource.slice(0, 300),
      outcome,
      source: sourceOf(request),
      details: { ...entry.details, ...more },
    });
  }

  /** Runs `work` and records its outcome; `summarize` adds what was returned (a row count) to an allowed row. */
  async around<T>(
    request: AuthenticatedRequest,
    entry: AuditedAction,
    work: () => Promise<T>,
    summarize: (result: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      // The status and message the client gets (errorBody: the one mapping of errors to answers).
      const answer = errorBody(error);
      await this.record(request, entry, 'failed', { status: answer.statusCode, reason: answer.message });
      throw error;
    }
    await this.record(request, entry, 'allowed', summarize(result));
    return result;
  }
}
