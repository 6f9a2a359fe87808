export { countDelivery } from './delivery-count';
export type { DeliveryCount } from './delivery-count';
export { jobRecord, mixedJobs, publishJobs } from './job-mix';
export { Pipeline } from './pipeline';
export type { PipelineOptions, ServiceName } from './pipeline';
export { makeRunDir, readConfigDocument, writeRunConfig } from './run-config';
export { REPO_ROOT, ServiceProcess } from './service-process';
export type { ServiceProcessOptions } from './service-process';
