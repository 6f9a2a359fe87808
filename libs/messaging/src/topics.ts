/**
 * The one place that names Switchyard's Kafka topics and consumer groups.
 * A prefix lets several deployments (or test runs) share a cluster.
 */
export interface TopicNames {
  /** Producers write jobs here. */
  jobs: string;
  /** Jobs with a classification, read by the router. */
  classified: string;
  /** Classified jobs naming a pipeline, read by the pipeline advancer (which also reads results and the DLQ). */
  pipelines: string;
  /** One topic per worker pool, carrying jobs with a route decision. */
  pool(poolId: string): string;
  /** Exactly one result per job. */
  results: string;
  /** Opt-in (`kafka.resultsJsonMirror`): each result again, as proto3 JSON, written in the same transaction. */
  resultsJson: string;
  /** Poison, invalid and unroutable messages, with the reason in headers. */
  dlq: string;
}

export function topicNames(prefix = ''): TopicNames {
  return {
    jobs: `${prefix}switchyard.jobs`,
    classified: `${prefix}switchyard.jobs.classified`,
    pipelines: `${prefix}switchyard.jobs.pipelines`,
    pool: (poolId) => `${prefix}switchyard.pool.${poolId}`,
    results: `${prefix}switchyard.results`,
    resultsJson: `${prefix}switchyard.results.json`,
    dlq: `${prefix}switchyard.dlq`,
  };
}

export interface ConsumerGroups {
  classifier: string;
  router: string;
  /** Replicas of one pool share this group. */
  worker(poolId: string): string;
  scorer: string;
  pipelineAdvancer: string;
}

export function consumerGroups(prefix = ''): ConsumerGroups {
  return {
    classifier: `${prefix}switchyard-classifier`,
    router: `${prefix}switchyard-router`,
    worker: (poolId) => `${prefix}switchyard-worker-${poolId}`,
    scorer: `${prefix}switchyard-scorer`,
    pipelineAdvancer: `${prefix}switchyard-pipeline-advancer`,
  };
}
