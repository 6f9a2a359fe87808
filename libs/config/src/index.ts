export { DEFAULT_CONFIG_PATH, loadConfig } from './load-config';
export { ConfigError, resolveConfig } from './resolve-config';
export { costUsd } from './pricing';
export type { TokenPricing } from './pricing';
export { configSchema, MODALITIES, POLICIES, routeSchema } from './schema';
export type { PipelineConfig, PipelineStepConfig, StepTargetConfig } from './pipeline-schema';
export type { ConfigDocument, GrpcConfig, Modality, ModelConfig, PoolConfig, RouteConfig, RoutePolicyName, SwitchyardConfig, TenantConfig } from './schema';
