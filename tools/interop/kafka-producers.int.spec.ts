/**
 * Clients this project did not write, against the whole pipeline on real Kafka and Redis: Debian's kcat
 * produces a proto3 JSON job, Python's confluent-kafka a protobuf job (classes generated from protos/ by
 * grpc_tools.protoc at test time), and a Python read_committed consumer decodes both results outside Node,
 * from the protobuf results topic and from the JSON mirror.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROTO_ROOT } from '@switchyard/contracts';
import { PipelineRun, readConfigDocument } from '@switchyard/harness';
import { HEADERS } from '@switchyard/messaging';
import { testTool } from '../jest/test-tools';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Runs a program to completion; rejects with its exit code and stderr. */
function runProgram(command: string, args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}:\n${stderr}`))));
    child.stdin.end(input);
  });
}

interface ResultDict {
  jobId: string;
  tenant: string;
  output: string;
  model: string;
  classification?: { taskType: string };
  decision?: { model: string };
}

describe('jobs from kcat (JSON) and Python confluent-kafka (protobuf), results read by Python', () => {
  const document = readConfigDocument();
  document.kafka = { ...document.kafka, resultsJsonMirror: true };
  for (const model of document.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
  const run = new PipelineRun({ label: 'interop-kafka', document, brokers, redisUrl });
  let python: string;
  let kcat: string;
  let protoOut: string;

  beforeAll(async () => {
    python = testTool('python');
    kcat = testTool('kcat');
    protoOut = mkdtempSync(path.join(os.tmpdir(), 'switchyard-py-'));
    const protos = readdirSync(path.join(PROTO_ROOT, 'switchyard/v1')).filter((f) => f.endsWith('.proto'));
    await runProgram(python, ['-m', 'grpc_tools.protoc', `-I${PROTO_ROOT}`, `--python_out=${protoOut}`, ...protos.map((f) => path.join(PROTO_ROOT, 'switchyard/v1', f))]);
    await run.start();
  });

  afterAll(async () => {
    await run.stop();
    if (protoOut) rmSync(protoOut, { recursive: true, force: true });
  });

  it('serves both jobs and the Python reader decodes each result from protobuf and from the JSON mirror alike', async () => {
    const jsonId = `${run.prefix}kcat-json`;
    const protoId = `${run.prefix}python-protobuf`;
    // Original proto field names and JSON names mixed, as proto3 JSON allows.
    const jsonJob = JSON.stringify({ id: jsonId, tenant: 'demo', messages: [{ role: 'user', content: 'What is 2 plus 2? Answer with the number only.' }], affinity_key: jsonId, maxOutputTokens: 64 });
    await runProgram(kcat, ['-P', '-b', brokers.join(','), '-t', run.topics.jobs, '-k', jsonId, '-H', `${HEADERS.contentType}=application/json`], `${jsonJob}\n`);
    await runProgram(python, [path.join(__dirname, 'kafka_job_producer.py'), '--proto-out', protoOut, '--brokers', brokers.join(','), '--topic', run.topics.jobs, '--id', protoId, '--tenant', 'demo', '--prompt', 'Write a haiku about autumn.']);

    const report = JSON.parse(
      await runProgram(python, [
        path.join(__dirname, 'kafka_result_reader.py'),
        '--proto-out', protoOut,
        '--brokers', brokers.join(','),
        '--topic', run.topics.results,
        '--json-topic', run.topics.resultsJson,
        '--id', jsonId,
        '--id', protoId,
        '--timeout-s', '180',
      ]),
    ) as Record<string, { protobuf: ResultDict; json: ResultDict }>;

    for (const id of [jsonId, protoId]) {
      const { protobuf, json } = report[id];
      expect(protobuf).toMatchObject({ jobId: id, tenant: 'demo', output: expect.stringMatching(/\S/), model: expect.stringMatching(/^(small-fast|large-general)$/) });
      expect(protobuf.decision?.model).toBe(protobuf.model);
      expect(protobuf.classification?.taskType).toMatch(/\S/);
      expect(json).toEqual(protobuf);
    }
    const count = await run.settle(new Set([jsonId, protoId]), 60_000);
    expect(count).toMatchObject({ results: 2, dlq: 0, lost: 0, duplicates: 0 });
  });

  it('dead-letters a JSON job with a field of the wrong type from kcat, naming the field and the job', async () => {
    const badId = `${run.prefix}kcat-bad`;
    const bad = JSON.stringify({ id: badId, tenant: 'demo', messages: [{ role: 7, content: 'hi' }] });
    await runProgram(kcat, ['-P', '-b', brokers.join(','), '-t', run.topics.jobs, '-k', badId, '-H', `${HEADERS.contentType}=application/json`], `${bad}\n`);
    const ids = new Set([badId]);
    await run.reader.waitUntil(() => run.deadLetters(ids).length > 0, 60_000);
    const [dead] = run.deadLetters(ids);
    expect(dead.headers).toMatchObject({ [HEADERS.dlqErrorCode]: 'INVALID_JSON', [HEADERS.dlqError]: 'messages[0].role: expected a string, got number 7', [HEADERS.contentType]: 'application/json' });
    expect(dead.value.toString('utf8')).toBe(bad);
  });
});
