import { parseArgs } from 'node:util';
import { UsageError, type CliCommand, type CliIo } from '@switchyard/classification';
import type { JobInput } from '@switchyard/contracts';
import { SwitchyardCallError, SwitchyardClient } from './switchyard-client';

const CONNECTION_OPTIONS = `  --address HOST:PORT   the router's gRPC front door (default $SWITCHYARD_ADDRESS or 127.0.0.1:50051)
  --token TOKEN         bearer token (default $SWITCHYARD_TOKEN)
  --ca FILE             TLS: the CA of the router's certificate (--cert/--key add a client certificate for mTLS)
  --route NAME          a route of the config; --model ID names one model (route "model:ID")
  --timeout-ms N        deadline of the call
  --json                print the reply as JSON`;

const OPTIONS = {
  prompt: { type: 'string' },
  address: { type: 'string' },
  token: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  route: { type: 'string' },
  model: { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
  stream: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

function parse(argv: string[]): Values {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function connect(values: Values, env: NodeJS.ProcessEnv): SwitchyardClient {
  const tls = values.ca || values.cert ? { caFile: values.ca, certFile: values.cert, keyFile: values.key } : undefined;
  return new SwitchyardClient({ address: values.address ?? env.SWITCHYARD_ADDRESS ?? '127.0.0.1:50051', token: values.token ?? env.SWITCHYARD_TOKEN, tls });
}

function jobOf(values: Values): JobInput {
  if (!values.prompt) throw new UsageError('--prompt is required');
  const route = values.model ? `model:${values.model}` : values.route;
  return { prompt: values.prompt, ...(route ? { route } : {}) };
}

function timeout(values: Values): number | undefined {
  if (values['timeout-ms'] === undefined) return undefined;
  const ms = Number(values['timeout-ms']);
  if (!(ms > 0)) throw new UsageError(`--timeout-ms must be a positive number (got "${values['timeout-ms']}")`);
  return ms;
}

/** Runs a command's call, printing a failed call's status (and what its trailers add) instead of a stack. */
async function reporting(io: CliIo, call: () => Promise<void>): Promise<number> {
  try {
    await call();
    return 0;
  } catch (err) {
    if (!(err instanceof SwitchyardCallError)) throw err;
    const extra = [err.field && `field ${err.field}`, err.model && `model ${err.model}`, err.retryAfterMs !== undefined && `retry after ${err.retryAfterMs} ms`].filter(Boolean);
    io.stderr.write(`switchyard: ${err.message}${extra.length ? ` (${extra.join(', ')})` : ''}\n`);
    return 1;
  }
}

/** `switchyard route --prompt "..."`: which model and pool a running router would choose, and why. */
export const routeCommand: CliCommand = {
  name: 'route',
  summary: 'ask a running router which model and pool it would choose for a prompt, and why (no model call)',
  async run(argv, io) {
    if (argv.includes('--help')) {
      io.stdout.write(`usage: switchyard route --prompt TEXT [options]\n${CONNECTION_OPTIONS}\n`);
      return 0;
    }
    const values = parse(argv);
    const client = connect(values, process.env);
    try {
      return await reporting(io, async () => {
        const { decision, classification } = await client.route(jobOf(values), { timeoutMs: timeout(values) });
        if (values.json) return void io.stdout.write(`${JSON.stringify({ decision, classification })}\n`);
        io.stdout.write(`${decision.model} on pool ${decision.pool} (${decision.strategy}, route ${decision.route}); task ${classification.taskType}\n`);
        for (const reason of decision.reasons) io.stdout.write(`  - ${reason}\n`);
        if (decision.fallbacks.length > 0) io.stdout.write(`  fallbacks: ${decision.fallbacks.map((f) => `${f.model}@${f.pool}`).join(', ')}\n`);
      });
    } finally {
      client.close();
    }
  },
};

/** `switchyard complete --prompt "..." [--stream]`: the answer of a running router, printed as it streams. */
export const completeCommand: CliCommand = {
  name: 'complete',
  summary: 'send a prompt to a running router and print the answer (--stream prints tokens as they arrive)',
  async run(argv, io) {
    if (argv.includes('--help')) {
      io.stdout.write(`usage: switchyard complete --prompt TEXT [--stream] [options]\n${CONNECTION_OPTIONS}\n`);
      return 0;
    }
    const values = parse(argv);
    const client = connect(values, process.env);
    const settings = { timeoutMs: timeout(values) };
    try {
      return await reporting(io, async () => {
        if (!values.stream) {
          const result = await client.complete(jobOf(values), settings);
          io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${result.output}\n`);
          if (!values.json) io.stderr.write(`[${result.model} on ${result.pool}, ${result.usage?.outputTokens ?? 0} tokens, $${result.costUsd.toFixed(6)}]\n`);
          return;
        }
        for await (const chunk of client.completeStream(jobOf(values), settings)) {
          if (values.json) io.stdout.write(`${JSON.stringify(chunk)}\n`);
          else if (chunk.delta) io.stdout.write(chunk.delta);
          else if (chunk.result) io.stdout.write(`\n`);
        }
      });
    } finally {
      client.close();
    }
  },
};
