import type { JobInput } from '@switchyard/contracts';
import type { Caller, SyncRequest } from '@switchyard/gateway';
import type { ChatCall } from './chat-request';
import type { ModelTarget } from './model-catalog';

/** A parsed chat call as the gateway's request: the same job a gRPC caller would send. */
export function toSyncRequest(call: ChatCall, target: ModelTarget, caller: Caller, jobId: string, nowUnixMs: number): SyncRequest {
  const job: JobInput = {
    id: jobId,
    messages: call.messages,
    attachments: call.images,
    preferences: {
      maxCostUsd: call.maxCostUsd ?? 0,
      maxLatencyMs: call.maxLatencyMs ?? 0,
      minQuality: call.minQuality ?? 0,
      qualityWeight: call.qualityWeight ?? 0,
      costWeight: call.costWeight ?? 0,
      latencyWeight: call.latencyWeight ?? 0,
    },
    affinityKey: call.affinityKey ?? '',
    metadata: call.metadata,
    route: 'route' in target ? target.route : '',
    pipeline: 'pipeline' in target ? target.pipeline : '',
    maxOutputTokens: call.maxOutputTokens ?? 0,
    createdUnixMs: nowUnixMs,
    ...(call.timeoutMs !== undefined ? { deadlineUnixMs: nowUnixMs + call.timeoutMs } : {}),
  };
  return { job, caller, ...('model' in target ? { model: target.model } : {}) };
}
