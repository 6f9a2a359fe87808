import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError } from 'kafkajs';
import { isFatalToProducer } from './producer-faults';

const protocolError = (type: string, code: number) => new KafkaJSProtocolError({ type, code, retriable: false, message: `${type} from the broker` } as never);

describe('isFatalToProducer', () => {
  it.each([
    ['an epoch bumped by an expired transaction or a newer producer', protocolError('INVALID_PRODUCER_EPOCH', 47)],
    ['a transaction in a state the coordinator refuses', protocolError('INVALID_TXN_STATE', 48)],
    ['PRODUCER_FENCED, which kafkajs only knows by its code', new KafkaJSProtocolError({ type: 'KAFKAJS_UNKNOWN', code: 90, message: 'unknown' } as never)],
    ['kafkajs stuck in COMMITTING', new KafkaJSNonRetriableError('Transaction state exception: Cannot call "beginTransaction" in state "COMMITTING"')],
    ['a fatal error behind exhausted retries', new KafkaJSNumberOfRetriesExceeded(protocolError('INVALID_PRODUCER_EPOCH', 47), { retryCount: 5, retryTime: 100 })],
  ])('replaces the producer after %s', (_, err) => {
    expect(isFatalToProducer(err)).toBe(true);
  });

  it.each([
    ['a request timeout', new KafkaJSRequestTimeoutError({ message: 'Request Produce(key: 0, version: 7) timed out' } as never)],
    ['CONCURRENT_TRANSACTIONS', protocolError('CONCURRENT_TRANSACTIONS', 51)],
    ['a processing error of the caller', new Error('model backend unavailable')],
    ['something that is not an error', 'oops'],
  ])('keeps the producer after %s', (_, err) => {
    expect(isFatalToProducer(err)).toBe(false);
  });
});
