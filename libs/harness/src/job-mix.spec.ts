import { HEADERS, topicNames, type OutboundRecord } from '@switchyard/messaging';
import { mixedJobs, publishJobs } from './job-mix';

describe('publishJobs with resends', () => {
  it('sends the chosen fraction of jobs a second time, byte for byte, in the next send', async () => {
    const sends: OutboundRecord[][] = [];
    const sink = { publish: async (records: OutboundRecord[]) => void sends.push(records) };
    await publishJobs(sink, topicNames('test.'), mixedJobs(1_000, 'run'), { batchSize: 500, resendFraction: 0.05 });

    const all = sends.flat();
    const copies = new Map<string, OutboundRecord[]>();
    for (const record of all) copies.set(record.headers[HEADERS.jobId], [...(copies.get(record.headers[HEADERS.jobId]) ?? []), record]);
    const twice = [...copies.values()].filter((list) => list.length === 2);
    expect(copies.size).toBe(1_000);
    expect(twice).toHaveLength(50);
    for (const [first, second] of twice) expect(second.value.equals(first.value)).toBe(true);
    // The last batch's resends go out in a send of their own.
    expect(sends.map((s) => s.length)).toEqual([500, 525, 25]);
  });
});
