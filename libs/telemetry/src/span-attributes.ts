/**
 * The attribute names on Switchyard's spans, in one place, so every service and every trace query
 * spells them the same way. Values are the job's own fields; prompts and outputs are never attributes.
 */
export const SPAN_ATTRIBUTES = {
  jobId: 'switchyard.job_id',
  tenant: 'switchyard.tenant',
  taskType: 'switchyard.task_type',
  classifier: 'switchyard.classifier',
  model: 'switchyard.model',
  pool: 'switchyard.pool',
  strategy: 'switchyard.strategy',
  attempt: 'switchyard.attempt',
  outcome: 'switchyard.outcome',
  quality: 'switchyard.quality',
  scorer: 'switchyard.scorer',
  pipeline: 'switchyard.pipeline',
  pipelineOutcome: 'switchyard.pipeline.outcome',
  pipelineLaunched: 'switchyard.pipeline.launched',
} as const;
