import { DEFAULT_MAX_MESSAGE_BYTES, HEADERS, topicNames } from '@switchyard/messaging';
import { GARBAGE_KINDS, garbageJobs } from './garbage-jobs';

describe('garbageJobs', () => {
  const topics = topicNames('test.');
  const { ids, records } = garbageJobs(GARBAGE_KINDS.length * 2, 'run', topics);

  it('makes every kind of bad input in turn, each under an id of its own', () => {
    expect(new Set(ids).size).toBe(GARBAGE_KINDS.length * 2);
    for (const kind of GARBAGE_KINDS) expect(ids.filter((id) => id.includes(`-garbage-${kind}-`))).toHaveLength(2);
    expect(new Set(records.map((r) => r.headers[HEADERS.jobId]))).toEqual(new Set(ids));
  });

  it('reuses an id for other content, so ingestion must tell a resend from a conflict', () => {
    const reused = records.filter((r) => r.headers[HEADERS.jobId].includes('-garbage-reused-id-'));
    expect(reused).toHaveLength(4);
    expect(reused[0].headers[HEADERS.jobId]).toBe(reused[1].headers[HEADERS.jobId]);
    expect(reused[0].value.equals(reused[1].value)).toBe(false);
  });

  it('keeps the 1 MB prompt a record the broker accepts, so it is the pipeline that must handle its growth', () => {
    const huge = records.filter((r) => r.headers[HEADERS.jobId].includes('-garbage-huge-prompt-'));
    for (const record of huge) {
      expect(record.value.length).toBeGreaterThan(1_000_000);
      expect(record.value.length).toBeLessThan(DEFAULT_MAX_MESSAGE_BYTES - 1_000);
    }
  });
});
