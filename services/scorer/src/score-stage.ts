import { SpanKind, type Tracer } from '@opentelemetry/api';
import { resultCodec, type Result } from '@switchyard/contracts';
import type { InboundMessage } from '@switchyard/messaging';
import { combineVerdicts, scoringInputFromResult, type ScorerSet } from '@switchyard/scoring';
import type { ScoreRecord } from '@switchyard/state';

/** Decodes a result; a result with no job id cannot be attributed, so it goes to the DLQ. */
export function decodeResult(value: Buffer): Result {
  const result = resultCodec.decode(value);
  if (!result.jobId) throw Object.assign(new Error('jobId: is required'), { code: 'INVALID_RESULT' });
  return result;
}

/** Scores each result with the configured scorers; the caller stores the scores. */
export async function scoreResults(messages: InboundMessage<Result>[], deps: { scorers: ScorerSet; tracer: Tracer }): Promise<ScoreRecord[]> {
  return Promise.all(
    messages.map(async ({ value: result, traceContext }) => {
      const span = deps.tracer.startSpan('score', { kind: SpanKind.CONSUMER, attributes: { 'switchyard.job_id': result.jobId, 'switchyard.model': result.model } }, traceContext);
      try {
        const input = scoringInputFromResult(result);
        const verdicts = await Promise.all(deps.scorers.map(async (scorer) => ({ name: scorer.name, verdict: await scorer.score(input) })));
        const score = combineVerdicts(verdicts);
        span.setAttribute('switchyard.quality', score.quality);
        return {
          jobId: result.jobId,
          model: result.model,
          taskType: result.classification?.taskType || 'unknown',
          quality: score.quality,
          costUsd: result.costUsd,
          latencyMs: result.latencyMs,
        };
      } finally {
        span.end();
      }
    }),
  );
}
