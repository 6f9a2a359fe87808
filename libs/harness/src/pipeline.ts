import path from 'node:path';
import type { SwitchyardConfig } from '@switchyard/config';
import { ServiceProcess } from './service-process';

export interface PipelineOptions {
  config: SwitchyardConfig;
  configFile: string;
  /** Where each instance writes its log. */
  logDir: string;
  /** Worker replicas per pool. @default 1 */
  replicasPerPool?: number;
  /** Extra environment for every service (KAFKA_BROKERS, REDIS_URL ...). */
  env?: NodeJS.ProcessEnv;
}

export type ServiceName = 'classifier' | 'router' | 'model-worker' | 'scorer' | 'pipeline-advancer';

/**
 * The services as child processes: one classifier, router and scorer, the
 * configured replicas of a worker per pool, and a pipeline advancer when the
 * config has pipelines. Each gets HTTP port 0
 * so several runs never clash.
 */
export class Pipeline {
  readonly processes: ServiceProcess[] = [];

  constructor(private readonly options: PipelineOptions) {
    const base: NodeJS.ProcessEnv = {
      ...withoutConfigOverrides(process.env),
      ...options.env,
      SWITCHYARD_CONFIG: options.configFile,
      SWITCHYARD__ports__classifierHttp: '0',
      SWITCHYARD__ports__routerHttp: '0',
      SWITCHYARD__ports__workerHttp: '0',
      SWITCHYARD__ports__scorerHttp: '0',
      SWITCHYARD__ports__pipelineAdvancerHttp: '0',
      SWITCHYARD__ports__routerGrpc: '0',
      SWITCHYARD__ports__scorerGrpc: '0',
      SWITCHYARD__ports__classifierGrpc: '0',
      SWITCHYARD__ports__workerGrpc: '0',
      SWITCHYARD__openaiApi__port: '0',
    };
    const add = (service: ServiceName, instance: string, env: NodeJS.ProcessEnv = {}) =>
      this.processes.push(new ServiceProcess({ service, instance, env: { ...base, ...env, SWITCHYARD_INSTANCE: instance }, logFile: path.join(options.logDir, `${instance}.log`) }));
    add('classifier', 'classifier-1');
    add('router', 'router-1');
    for (const pool of options.config.pools) {
      for (let i = 1; i <= (options.replicasPerPool ?? 1); i++) add('model-worker', `model-worker-${pool.id}-${i}`, { SWITCHYARD_POOL: pool.id });
    }
    add('scorer', 'scorer-1');
    // Only a config with pipelines needs their advancer: on two cores an idle process is not free.
    if (Object.keys(options.config.pipelines).length > 0) add('pipeline-advancer', 'pipeline-advancer-1');
  }

  start(): void {
    for (const p of this.processes) p.start();
  }

  /** Instances of one service, e.g. every model-worker. */
  instances(service: ServiceName): ServiceProcess[] {
    return this.processes.filter((p) => p.options.service === service);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM')));
  }
}

/**
 * The run's config file is the whole truth for its services: overrides the
 * caller's shell may hold (KAFKA_BROKERS of another cluster, a REDIS_URL...)
 * are not passed on.
 */
function withoutConfigOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const overrides = /^(KAFKA_BROKERS|REDIS_URL|SWITCHYARD_TOPIC_PREFIX|SWITCHYARD_CONFIG|SWITCHYARD__.*)$/;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !overrides.test(name)));
}
