export { startHealthServer } from './health-server';
export type { HealthServer, ReadinessCheck } from './health-server';
export { createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { throttledWarning } from './throttled-warning';
export { startTracing } from './tracing';
export type { Tracing, TracingOptions } from './tracing';
