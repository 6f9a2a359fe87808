#!/usr/bin/env bash
# Clients and checkers this project did not write, for the interop and deployment tests, installed
# into the git-ignored .tools/ folder (kept between runs; a clean clone builds them again):
#   kcat                      Debian's package (apt), the Kafka CLI that other languages' users reach for
#   prometheus                Debian's package (apt), the real server that scrapes the services in a test
#                             (go install of prometheus/cmd/prometheus is far too slow for CI here: docs/deploy.md)
#   openssl                   Debian's package (apt), makes the self-signed certificates of the TLS tests
#   .tools/python/bin/python  a venv with confluent-kafka, grpcio-tools (with grpcio and protobuf), openai,
#                             kubernetes-validate (PyPI)
#   .tools/go/bin/grpcurl     go install github.com/fullstorydev/grpcurl/cmd/grpcurl
#   .tools/go/bin/helm        go install helm.sh/helm/v3/cmd/helm
#
#   bash scripts/test-tools.sh [install]   install what is missing (idempotent), then print where each is
#   bash scripts/test-tools.sh check       exit 1 naming what is missing, install nothing
# Tests find them through tools/jest/test-tools.ts, which reads the same paths.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/.tools"
VENV="$TOOLS/python"
GOBIN_DIR="$TOOLS/go/bin"
PY_PACKAGES=(confluent-kafka==2.16.1 grpcio-tools==1.85.1 openai==3.57.0 kubernetes-validate==1.37.0)
GO_TOOLS=(github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3 helm.sh/helm/v3/cmd/helm@v3.22.0)

say() { echo "test-tools: $*"; }
die() {
  echo "test-tools: error: $*" >&2
  exit 1
}

DEBIAN_TOOLS=(kcat prometheus openssl)
have_debian_tool() { command -v "$1" >/dev/null; }
have_python() { [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import confluent_kafka, google.protobuf, grpc, grpc_tools, openai' 2>/dev/null && [[ -x $VENV/bin/kubernetes-validate ]]; }
go_tool_name() { local path=${1%@*}; echo "${path##*/}"; }
have_go_tool() { [[ -x $GOBIN_DIR/$(go_tool_name "$1") ]]; }

install_debian_tool() {
  have_debian_tool "$1" && return 0
  command -v apt-get >/dev/null && [[ $(id -u) == 0 ]] || die "$1 not found: install it (Debian: apt-get install -y $1)"
  say "installing Debian's $1"
  apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$1" >/dev/null; } ||
    die "apt-get install $1 failed"
}

install_python() {
  have_python && return 0
  command -v python3 >/dev/null || die "python3 not found: install it (Debian: apt-get install -y python3 python3-venv)"
  say "creating $VENV with ${PY_PACKAGES[*]}"
  [[ -x $VENV/bin/python ]] || python3 -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install -y python3-venv)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${PY_PACKAGES[@]}" || die "pip install ${PY_PACKAGES[*]} failed"
}

install_go_tools() {
  local tool missing=()
  for tool in "${GO_TOOLS[@]}"; do have_go_tool "$tool" || missing+=("$tool"); done
  ((${#missing[@]})) || return 0
  command -v go >/dev/null || die "go not found: install Go 1.22+ (Debian: apt-get install -y golang); it builds ${missing[*]}"
  mkdir -p "$GOBIN_DIR"
  for tool in "${missing[@]}"; do
    say "go install $tool (a few minutes cold)"
    GOBIN=$GOBIN_DIR GOFLAGS=-mod=mod go install "$tool" || die "go install $tool failed"
  done
}

report() {
  local missing=() tool
  for tool in "${DEBIAN_TOOLS[@]}"; do have_debian_tool "$tool" || missing+=("$tool"); done
  have_python || missing+=("$VENV (python packages)")
  for tool in "${GO_TOOLS[@]}"; do have_go_tool "$tool" || missing+=("$GOBIN_DIR/$(go_tool_name "$tool")"); done
  if ((${#missing[@]})); then
    echo "test-tools: missing: ${missing[*]} (run: bash scripts/test-tools.sh)" >&2
    return 1
  fi
  say "kcat $(command -v kcat), prometheus $(command -v prometheus), python $VENV/bin/python, go tools in $GOBIN_DIR"
}

case ${1:-install} in
  install)
    started=$SECONDS
    for tool in "${DEBIAN_TOOLS[@]}"; do install_debian_tool "$tool"; done
    install_python
    install_go_tools
    report
    say "ready in $((SECONDS - started)) s"
    ;;
  check) report ;;
  *) die "unknown command '$1' (install | check)" ;;
esac
