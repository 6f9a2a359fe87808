"""The official `openai` Python package against a running router's OpenAI-compatible API.

Run by openai-python-sdk.int.spec.ts with SWITCHYARD_BASE_URL and SWITCHYARD_TOKENS (JSON) set.
Prints one JSON line with what each call returned or raised, which the spec asserts on, then stays
alive until its stdin closes: the cancelled stream must reach the backend through the SDK closing it,
not through this process exiting.
"""
import json
import os
import sys

import openai
from openai import OpenAI

BASE_URL = os.environ["SWITCHYARD_BASE_URL"]
TOKENS = json.loads(os.environ["SWITCHYARD_TOKENS"])
DECISION_HEADERS = ["x-switchyard-model", "x-switchyard-pool", "x-switchyard-strategy", "x-switchyard-route", "x-switchyard-job-id"]


def client(token):
    return OpenAI(base_url=BASE_URL, api_key=token, max_retries=0)


def ask(content):
    return [{"role": "user", "content": content}]


def failure(call):
    """The status, SDK exception class and error body of a call that must fail."""
    try:
        call()
    except openai.APIStatusError as error:
        return {
            "status": error.status_code,
            "class": type(error).__name__,
            "param": error.param,
            "code": error.code,
            "type": error.type,
            "retry_after": error.response.headers.get("retry-after"),
        }
    return {"status": None}


def main():
    acme = client(TOKENS["acme"])
    out = {}

    raw = acme.chat.completions.with_raw_response.create(
        model="switchyard/auto",
        messages=ask("python unary"),
        extra_body={"switchyard": {"affinity_key": "py-session", "min_quality": 0.1}},
    )
    completion = raw.parse()
    out["unary"] = {
        "content": completion.choices[0].message.content,
        "model": completion.model,
        "finish_reason": completion.choices[0].finish_reason,
        "usage": completion.usage.model_dump(include={"prompt_tokens", "completion_tokens", "total_tokens"}),
        "id": completion.id,
        "headers": {name: raw.headers.get(name) for name in DECISION_HEADERS},
    }

    stream = acme.chat.completions.create(model="switchyard/auto", messages=ask("python stream"), stream=True, stream_options={"include_usage": True})
    out["stream"] = [chunk.model_dump(include={"id", "choices", "usage"}) for chunk in stream]

    limited = client(TOKENS["limitedPython"])
    limited.chat.completions.create(model="echo-model", messages=ask("first of the minute"))
    out["errors"] = {
        "400": failure(lambda: acme.chat.completions.create(model="switchyard/auto", messages=[{"role": "wizard", "content": "x"}])),
        "401": failure(lambda: client("not-a-key").chat.completions.create(model="echo-model", messages=ask("x"))),
        "403": failure(lambda: client(TOKENS["restricted"]).chat.completions.create(model="broken-model", messages=ask("x"))),
        "404": failure(lambda: acme.chat.completions.create(model="gpt-unknown", messages=ask("x"))),
        "429": failure(lambda: limited.chat.completions.create(model="echo-model", messages=ask("second of the minute"))),
        "503": failure(lambda: acme.chat.completions.create(model="broken-model", messages=ask("python 503"))),
        "504": failure(
            lambda: acme.chat.completions.create(model="hang-model", messages=ask("python deadline"), extra_headers={"x-switchyard-timeout-ms": "300"})
        ),
    }

    midfail = {"deltas": [], "error": None}
    try:
        for chunk in acme.chat.completions.create(model="midfail-model", messages=ask("python midfail"), stream=True):
            if chunk.choices and chunk.choices[0].delta.content:
                midfail["deltas"].append(chunk.choices[0].delta.content)
    except openai.APIError as error:
        midfail["error"] = {"class": type(error).__name__, "message": error.message}
    out["midfail"] = midfail

    first = None
    with acme.chat.completions.create(model="stall-model", messages=ask("python cancel"), stream=True) as cancelled:
        for chunk in cancelled:
            if chunk.choices and chunk.choices[0].delta.content:
                first = chunk.choices[0].delta.content
                break
    out["cancel_first_token"] = first

    print(json.dumps(out), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
