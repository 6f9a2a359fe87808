import { HEADERS, type ReadRecord } from '@switchyard/messaging';

export interface DeliveryCount {
  jobs: number;
  results: number;
  dlq: number;
  /** Jobs with neither a result nor a DLQ entry. */
  lost: number;
  /** Extra results or DLQ entries for a job id beyond its first outcome. */
  duplicates: number;
  lostIds: string[];
  /** Up to 20 doubled job ids, each with where every copy sits ("topic[partition]@offset"), to trace where it came from. */
  duplicateCopies: string[];
}

/**
 * Counts outcomes per job id from what an independent reader saw on the
 * results and DLQ topics — never from the services' own counters.
 */
export function countDelivery(jobIds: Iterable<string>, results: ReadRecord[], deadLetters: ReadRecord[]): DeliveryCount {
  const outcomes = new Map<string, number>();
  const copies = new Map<string, string[]>();
  for (const id of jobIds) outcomes.set(id, 0);
  let resultCount = 0;
  let dlqCount = 0;
  for (const [records, kind] of [[results, 'result'], [deadLetters, 'dlq']] as const) {
    for (const record of records) {
      const id = record.headers[HEADERS.jobId];
      if (id === undefined || !outcomes.has(id)) continue;
      outcomes.set(id, (outcomes.get(id) ?? 0) + 1);
      copies.set(id, [...(copies.get(id) ?? []), `${record.topic}[${record.partition}]@${record.offset}`]);
      if (kind === 'result') resultCount += 1;
      else dlqCount += 1;
    }
  }
  const lostIds = [...outcomes].filter(([, n]) => n === 0).map(([id]) => id);
  const duplicates = [...outcomes.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const duplicateCopies = [...copies].filter(([, where]) => where.length > 1).slice(0, 20).map(([id, where]) => `${id}: ${where.join(', ')}`);
  return { jobs: outcomes.size, results: resultCount, dlq: dlqCount, lost: lostIds.length, duplicates, lostIds: lostIds.slice(0, 20), duplicateCopies };
}
