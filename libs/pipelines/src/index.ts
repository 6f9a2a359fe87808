export { advancePipeline, finalAnswerSteps } from './advance-pipeline';
export type { Advance, AdvanceInput, StepLaunch } from './advance-pipeline';
export { jobLabels, labelValues } from './job-labels';
export type { JobLabels } from './job-labels';
export { bestAnswer } from './pick-best';
export { renderPrompt, templateReads } from './prompt-template';
export type { TemplateReads } from './prompt-template';
export { stepRouteName, targetRoute, withPipelineRoutes } from './step-routes';
export { assertValidPipelines, pipelineProblems } from './validate-pipelines';
