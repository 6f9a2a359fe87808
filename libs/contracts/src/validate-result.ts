import { resultCodec } from './codec';
import type { Result__Output } from './generated/switchyard/v1/Result';

/** A result that breaks the contract: the named field is missing or wrong, so no one can attribute it. */
export class InvalidResultError extends Error {
  readonly code = 'INVALID_RESULT';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Decodes a Kafka value into a result and checks the contract; throws (→ DLQ) when either fails. */
export function decodeResult(value: Uint8Array): Result__Output {
  const result = resultCodec.decode(value);
  if (!result.jobId) throw new InvalidResultError('jobId', 'is required');
  return result;
}
