import type { SwitchyardConfig } from '@switchyard/config';
import { ensureTopics, type Kafka, type TopicNames, type TopicSpec } from '@switchyard/messaging';

/** Every topic the pipeline uses, sized from the config. */
export function pipelineTopicSpecs(config: SwitchyardConfig, topics: TopicNames): TopicSpec[] {
  const { partitions, replicationFactor } = config.kafka;
  const names = [topics.jobs, topics.classified, topics.pipelines, topics.results, topics.dlq, ...config.pools.map((p) => topics.pool(p.id))];
  if (config.kafka.resultsJsonMirror) names.push(topics.resultsJson);
  return names.map((topic) => ({ topic, partitions, replicationFactor }));
}

/** Creates the pipeline's missing topics; safe for every service to call at start-up. */
export function provisionPipelineTopics(kafka: Kafka, config: SwitchyardConfig, topics: TopicNames): Promise<void> {
  return ensureTopics(kafka, pipelineTopicSpecs(config, topics));
}
