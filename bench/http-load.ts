/**
 * The load generator of bench:http: one node:http keep-alive agent per target, closed loop (each of
 * `concurrency` callers sends its next request when the previous answer's last byte arrived), so every
 * target is driven the same way and latency is to the last byte, streams included.
 */
import http from 'node:http';

export interface HttpTarget {
  name: string;
  port: number;
  /** The `model` this target is asked for: the upstream's own name, or a Switchyard route. */
  model: string;
  headers: Record<string, string>;
}

export interface LoadRun {
  /** Milliseconds to the last byte of each answer, in completion order. */
  latenciesMs: number[];
  elapsedMs: number;
}

/** Keep-alive agents, one per target and concurrency, so a measured request never opens a connection. */
const agents = new Map<string, http.Agent>();

function agentFor(target: HttpTarget, concurrency: number): http.Agent {
  const key = `${target.port}/${concurrency}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    agents.set(key, agent);
  }
  return agent;
}

function send(target: HttpTarget, body: Buffer, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      { host: '127.0.0.1', port: target.port, method: 'POST', path: '/v1/chat/completions', agent, headers: { ...target.headers, 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${target.name} answered ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
          else resolve(Number(process.hrtime.bigint() - start) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `count` requests with `concurrency` callers in a closed loop. */
export async function drive(target: HttpTarget, body: object, count: number, concurrency: number): Promise<LoadRun> {
  const payload = Buffer.from(JSON.stringify({ ...body, model: target.model }));
  const agent = agentFor(target, concurrency);
  const latenciesMs: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const caller = async () => {
    while (next < count) {
      next++;
      latenciesMs.push(await send(target, payload, agent));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { latenciesMs, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/**
 * One request at a time, the targets taking turns in short rounds, so a slow phase of the machine (the
 * other tenant of its 2 cores) falls on every target alike rather than on whichever ran then.
 */
export async function driveInTurns(targets: HttpTarget[], body: object, rounds: number, perRound: number): Promise<Map<string, number[]>> {
  const latencies = new Map(targets.map((t) => [t.name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) latencies.get(target.name)?.push(...(await drive(target, body, perRound, 1)).latenciesMs);
  }
  return latencies;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
