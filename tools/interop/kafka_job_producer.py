"""Produces one Switchyard job as protobuf with confluent-kafka, as a producer in any language would.

The classes come from protos/ (python -m grpc_tools.protoc -I protos --python_out=OUT protos/switchyard/v1/*.proto);
pass OUT as --proto-out. Non-transactional, idempotent, with retries: a retried send can deliver the job twice,
and the classifier's dedupe by job id makes that one result.

  python kafka_job_producer.py --proto-out OUT --brokers 127.0.0.1:9092 --topic switchyard.jobs \
      --id job-1 --tenant demo --prompt "What is 2 plus 2?"
"""
import argparse
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proto-out", required=True)
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--prompt", required=True)
    args = parser.parse_args()

    sys.path.insert(0, args.proto_out)
    from confluent_kafka import Producer
    from switchyard.v1 import job_pb2

    job = job_pb2.Job(id=args.id, tenant=args.tenant, created_unix_ms=int(time.time() * 1000))
    job.messages.add(role="user", content=args.prompt)
    job.metadata["source"] = "python"

    errors = []
    producer = Producer({"bootstrap.servers": args.brokers, "enable.idempotence": True, "acks": "all"})
    producer.produce(
        args.topic,
        key=args.id,
        value=job.SerializeToString(),
        headers={"content-type": "application/x-protobuf", "sy-job-id": args.id},
        on_delivery=lambda err, msg: errors.append(err) if err else None,
    )
    if producer.flush(30) != 0 or errors:
        sys.exit(f"job {args.id} not delivered: {errors or 'flush timed out'}")


if __name__ == "__main__":
    main()
