import { SpanKind, type Tracer } from '@opentelemetry/api';
import type { Result } from '@switchyard/contracts';
import type { InboundMessage } from '@switchyard/messaging';
import { scoreResult, storedScore, type ScorerSet } from '@switchyard/scoring';
import type { ScoreRecord } from '@switchyard/state';
import { SPAN_ATTRIBUTES } from '@switchyard/telemetry';

/** Scores each result with the configured scorers; results with no evidence of correctness yield no score. */
export async function scoreResults(messages: InboundMessage<Result>[], deps: { scorers: ScorerSet; tracer: Tracer }): Promise<ScoreRecord[]> {
  const scores = await Promise.all(
    messages.map(async ({ value: result, traceContext }): Promise<ScoreRecord | null> => {
      const span = deps.tracer.startSpan('score', { kind: SpanKind.CONSUMER, attributes: { [SPAN_ATTRIBUTES.jobId]: result.jobId, [SPAN_ATTRIBUTES.model]: result.model } }, traceContext);
      try {
        const score = await scoreResult(result, deps.scorers);
        if (score) span.setAttributes({ [SPAN_ATTRIBUTES.quality]: score.quality, [SPAN_ATTRIBUTES.scorer]: score.scorer });
        return storedScore(result, score);
      } finally {
        span.end();
      }
    }),
  );
  return scores.filter((s): s is ScoreRecord => s !== null);
}
