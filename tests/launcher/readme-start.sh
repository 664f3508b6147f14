#!/usr/bin/env bash
# The README's start command on this checkout, as a newcomer runs it: the launcher builds the jar
# (when it is missing or older than the sources), `swarm init` creates the identity, `swarm serve`
# starts the node on the embedded SQLite default, and the node answers /swarm/health over HTTPS.
# (It listens on a random port instead of 9443, so it cannot collide with a node already running.)
# Run by .ci/run before the tests, so it sees a fresh clone.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"

SWARM_HOME="$(mktemp -d)"
export SWARM_HOME
port=$((20000 + RANDOM % 30000))
serve_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$SWARM_HOME"
}
trap cleanup EXIT

started=$SECONDS
"$repo/swarm" init --agent-id readme --endpoint "https://127.0.0.1:$port/swarm" --self-signed
echo "readme-start: launcher built and swarm init ran in $((SECONDS - started))s"
# The first command after a build records the class-data-sharing archive every later command uses.
archive="$repo/swarm-cli/target/swarm.jsa"
if [ -z "${SWARM_NO_CDS:-}" ]; then
  if [ ! -s "$archive" ] || [ ! "$archive" -nt "$repo/swarm-cli/target/swarm.jar" ]; then
    echo "readme-start: the launcher did not record $archive" >&2
    exit 1
  fi
  echo "readme-start: class-data-sharing archive recorded ($(du -h "$archive" | cut -f1))"
fi
"$repo/swarm" serve --listen "127.0.0.1:$port" >"$SWARM_HOME/serve.out" 2>&1 &
serve_pid=$!

for _ in $(seq 1 120); do
  if health="$(curl -sk --max-time 2 "https://127.0.0.1:$port/swarm/health")" && [[ "$health" == *'"healthy"'* ]]; then
    echo "readme-start: /swarm/health answers $health"
    "$repo/swarm" status --json >/dev/null
    echo "readme-start: ok"
    exit 0
  fi
  if ! kill -0 "$serve_pid" 2>/dev/null; then
    echo "readme-start: swarm serve exited:" >&2
    cat "$SWARM_HOME/serve.out" >&2
    exit 1
  fi
  sleep 0.5
done
echo "readme-start: no healthy answer from https://127.0.0.1:$port/swarm/health within 60 s" >&2
cat "$SWARM_HOME/serve.out" >&2
exit 1
