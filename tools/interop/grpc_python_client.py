"""Calls a Switchyard router with Python grpcio and stubs generated from protos/ at test time.

usage: grpc_python_client.py <stubs dir> <host:port> <bearer token>
Prints one JSON line: the Route decision, the streamed deltas in order and the final result.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from switchyard.v1 import job_pb2, services_pb2, services_pb2_grpc  # noqa: E402

address, token = sys.argv[2], sys.argv[3]
metadata = [("authorization", f"Bearer {token}")]
with grpc.insecure_channel(address) as channel:
    router = services_pb2_grpc.RouterStub(channel)
    job = job_pb2.Job(prompt="Write a haiku about ports", route="fallback")
    route = router.Route(services_pb2.RouteRequest(job=job), metadata=metadata, timeout=10)
    deltas, result = [], None
    for chunk in router.CompleteStream(job_pb2.Job(prompt="Write a haiku about ports"), metadata=metadata, timeout=10):
        if chunk.delta:
            deltas.append(chunk.delta)
        if chunk.HasField("result"):
            result = chunk.result
    try:
        router.Complete(job_pb2.Job(prompt="hi"), metadata=[("authorization", "Bearer wrong")], timeout=10)
        denied = "OK"
    except grpc.RpcError as err:
        denied = err.code().name
    print(json.dumps({
        "model": route.decision.model,
        "fallbacks": [f.model for f in route.decision.fallbacks],
        "task_type": route.classification.task_type,
        "deltas": deltas,
        "output": result.output,
        "result_model": result.model,
        "wrong_token": denied,
    }))
