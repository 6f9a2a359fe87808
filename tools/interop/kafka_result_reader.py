"""Reads Switchyard results with confluent-kafka (read_committed) and decodes them outside Node.

Protobuf from switchyard.results with the classes generated from protos/, and, when --json-topic is given, the
proto3 JSON mirror (kafka.resultsJsonMirror) parsed by protobuf's own json_format into the same class. Prints one
JSON line: {job_id: {"protobuf": {...}, "json": {...}}} once every --id has each, or exits 1 naming what is missing.

  python kafka_result_reader.py --proto-out OUT --brokers 127.0.0.1:9092 --topic switchyard.results --id job-1
"""
import argparse
import json
import sys
import time
import uuid


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proto-out", required=True)
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--json-topic")
    parser.add_argument("--id", action="append", required=True)
    parser.add_argument("--timeout-s", type=float, default=120)
    args = parser.parse_args()

    sys.path.insert(0, args.proto_out)
    from confluent_kafka import Consumer
    from google.protobuf import json_format
    from switchyard.v1 import result_pb2

    consumer = Consumer({
        "bootstrap.servers": args.brokers,
        "group.id": f"switchyard-interop-{uuid.uuid4()}",
        "isolation.level": "read_committed",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([args.topic] + ([args.json_topic] if args.json_topic else []))
    wanted = set(args.id)
    forms = ["protobuf"] + (["json"] if args.json_topic else [])
    found: dict = {}
    deadline = time.time() + args.timeout_s
    try:
        while time.time() < deadline and not all(len(found.get(i, {})) == len(forms) for i in wanted):
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            if msg.topic() == args.topic:
                form, result = "protobuf", result_pb2.Result.FromString(msg.value())
            else:
                form, result = "json", json_format.Parse(msg.value(), result_pb2.Result())
            if result.job_id in wanted:
                found.setdefault(result.job_id, {})[form] = json_format.MessageToDict(result)
    finally:
        consumer.close()
    missing = sorted(f"{i} ({form})" for i in wanted for form in forms if form not in found.get(i, {}))
    if missing:
        sys.exit(f"no result within {args.timeout_s} s for: {', '.join(missing)}")
    print(json.dumps(found))


if __name__ == "__main__":
    main()
