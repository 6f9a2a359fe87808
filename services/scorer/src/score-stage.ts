import { SpanKind, type Tracer } from '@opentelemetry/api';
import { resultCodec, type Result } from '@switchyard/contracts';
import type { InboundMessage } from '@switchyard/messaging';
import { scoreResult, type ScorerSet } from '@switchyard/scoring';
import type { ScoreRecord } from '@switchyard/state';
import { SPAN_ATTRIBUTES } from '@switchyard/telemetry';

/** Decodes a result; a result with no job id cannot be attributed, so it goes to the DLQ. */
export function decodeResult(value: Buffer): Result {
  const result = resultCodec.decode(value);
  if (!result.jobId) throw Object.assign(new Error('jobId: is required'), { code: 'INVALID_RESULT' });
  return result;
}

/**
 * A score only from the non-empty check says nothing about correctness; it
 * would teach the router that every answer is perfect, so it is not stored.
 */
const ONLY_NONEMPTY = 'nonempty';

/** Scores each result with the configured scorers; results with no evidence of correctness yield no score. */
export async function scoreResults(messages: InboundMessage<Result>[], deps: { scorers: ScorerSet; tracer: Tracer }): Promise<ScoreRecord[]> {
  const scores = await Promise.all(
    messages.map(async ({ value: result, traceContext }): Promise<ScoreRecord | null> => {
      const span = deps.tracer.startSpan('score', { kind: SpanKind.CONSUMER, attributes: { [SPAN_ATTRIBUTES.jobId]: result.jobId, [SPAN_ATTRIBUTES.model]: result.model } }, traceContext);
      try {
        const score = await scoreResult(result, deps.scorers);
        if (!score || score.scorer === ONLY_NONEMPTY) return null;
        span.setAttributes({ [SPAN_ATTRIBUTES.quality]: score.quality, [SPAN_ATTRIBUTES.scorer]: score.scorer });
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
  return scores.filter((s): s is ScoreRecord => s !== null);
}
