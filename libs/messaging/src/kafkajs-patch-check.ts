/**
 * Every stage's exactly-once effect and the fault harness's reader rely on
 * kafkajs's read_committed filter as patches/kafkajs+2.2.4.patch fixes it.
 * The patch is applied by an install script, and an install that skips
 * scripts (`npm ci --ignore-scripts`, a copied node_modules) runs the
 * unpatched filter without a sign until a crash doubles results. So the
 * filter is tried once per process on the fetch that shows the bug, and a
 * client is refused without the fix.
 */

type AbortedMessageFilter = (batch: {
  messages: { offset: string; key: Buffer | null; batchContext: { producerId: string; inTransaction: boolean } }[];
  abortedTransactions: { firstOffset: string; producerId: string }[];
}) => unknown[];

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs internals have no typed entry point */
const installedFilter = require('kafkajs/src/consumer/filterAbortedMessages') as AbortedMessageFilter;

/** True if the filter drops a record of the second of two aborted transactions a fetch starts inside. */
export function dropsRecordsOfEveryAbortedTransaction(filter: AbortedMessageFilter): boolean {
  // A fetch from offset 2 inside two producers' aborted transactions (from 0 and 1): the unpatched
  // filter enters only producer 1's and returns producer 2's aborted record.
  const passed = filter({
    messages: [{ offset: '2', key: null, batchContext: { producerId: '2', inTransaction: true } }],
    abortedTransactions: [
      { firstOffset: '0', producerId: '1' },
      { firstOffset: '1', producerId: '2' },
    ],
  });
  return passed.length === 0;
}

let verified = false;

/** Throws unless the installed kafkajs carries the patch; checked once per process. */
export function assertKafkajsPatched(): void {
  if (verified) return;
  if (!dropsRecordsOfEveryAbortedTransaction(installedFilter)) {
    throw new Error(
      'kafkajs is installed without patches/kafkajs+2.2.4.patch, so read_committed consumers would deliver records of aborted transactions; ' +
        'run `npx patch-package` in the project root (npm ci runs it unless scripts are disabled)',
    );
  }
  verified = true;
}
