import { assertKafkajsPatched, dropsRecordsOfEveryAbortedTransaction } from './kafkajs-patch-check';

describe('the kafkajs read_committed patch check', () => {
  it('passes on the installed kafkajs (npm ci applied patches/kafkajs+2.2.4.patch)', () => {
    expect(() => assertKafkajsPatched()).not.toThrow();
  });

  it('tells a filter that enters one aborted transaction per message (kafkajs 2.2.4 as published) from one that enters all', () => {
    type Batch = Parameters<Parameters<typeof dropsRecordsOfEveryAbortedTransaction>[0]>[0];
    const enteringFirst = (all: boolean) => ({ messages, abortedTransactions }: Batch) => {
      const remaining = [...abortedTransactions];
      const inside = new Set<string>();
      return messages.filter((message) => {
        while (remaining.length && BigInt(message.offset) >= BigInt(remaining[0].firstOffset)) {
          inside.add(remaining.shift()?.producerId ?? '');
          if (!all) break;
        }
        return !(inside.has(message.batchContext.producerId) && message.batchContext.inTransaction);
      });
    };
    expect(dropsRecordsOfEveryAbortedTransaction(enteringFirst(false))).toBe(false);
    expect(dropsRecordsOfEveryAbortedTransaction(enteringFirst(true))).toBe(true);
  });
});
