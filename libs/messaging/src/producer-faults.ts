/**
 * Which errors leave a kafkajs transactional producer unable to commit ever
 * again, so that it must be replaced rather than retried. The one place that
 * decides it, for the job publisher and every stage's partition producers.
 *
 * - The coordinator bumped the producer's epoch: a newer producer with the
 *   same transactional id initialised (fenced), or the coordinator expired a
 *   transaction that outlived its timeout (e.g. while the partition leader was
 *   paused). Kafka answers INVALID_PRODUCER_EPOCH (PRODUCER_FENCED, 90, to
 *   newer clients) and the old epoch is never accepted again.
 * - kafkajs's own state machine is stuck: a commit whose EndTxn failed leaves
 *   it in COMMITTING with no way out ("Transaction state exception: Cannot
 *   call "beginTransaction" in state "COMMITTING"", seen in issue 16).
 *
 * Replacing is always safe with the same transactional id: the new producer's
 * InitProducerId aborts whatever the old one left open and fences it.
 */
const FATAL_PROTOCOL_ERRORS = new Set([
  'INVALID_PRODUCER_EPOCH',
  'INVALID_TXN_STATE',
  'INVALID_PRODUCER_ID_MAPPING',
  'TRANSACTION_COORDINATOR_FENCED',
  'UNKNOWN_PRODUCER_ID',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
]);
/** PRODUCER_FENCED (KIP-588) is not in kafkajs 2.2.4's error table, so it is known by code. */
const PRODUCER_FENCED_CODE = 90;
const STUCK_STATE = /^Transaction state exception/;

interface KafkaErrorShape {
  type?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** True when the producer that threw `err` must be replaced before its next transaction. */
export function isFatalToProducer(err: unknown): boolean {
  // kafkajs wraps the error that exhausted its retries (KafkaJSNumberOfRetriesExceeded.cause).
  for (let current = err, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { type, code, message, cause, originalError } = current as KafkaErrorShape;
    if (typeof type === 'string' && FATAL_PROTOCOL_ERRORS.has(type)) return true;
    if (code === PRODUCER_FENCED_CODE) return true;
    if (typeof message === 'string' && STUCK_STATE.test(message)) return true;
    current = cause ?? originalError;
  }
  return false;
}
