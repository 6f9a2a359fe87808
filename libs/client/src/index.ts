export { completeCommand, routeCommand } from './cli-commands';
export { SwitchyardCallError, SwitchyardClient } from './switchyard-client';
export type { CallSettings, SwitchyardClientOptions } from './switchyard-client';
