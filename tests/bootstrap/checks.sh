#!/usr/bin/env bash
# Fast checks of the deployment files (seconds; run by .ci/run before the Maven build): every
# script through shellcheck, the rendered systemd unit through `systemd-analyze verify`, the
# rendered Caddyfile through `caddy validate`, and bootstrap.sh's refusals of bad input.
# Needs shellcheck, systemd-analyze and caddy (.ci/run installs them).
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() { # description command...
  local description="$1"
  shift
  if "$@" >"$tmp/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok    $description"
  else
    failed=$((failed + 1))
    echo "FAIL  $description"
    sed 's/^/      /' "$tmp/out"
  fi
}

# --- shellcheck ---
scripts=("$repo/bootstrap.sh" "$repo/swarm" "$repo/.ci/run")
for file in "$repo"/deploy/* "$repo"/tests/bootstrap/*; do
  if [ -f "$file" ] && head -n 1 "$file" | grep -q '^#!.*\(bash\|sh\)'; then scripts+=("$file"); fi
done
for script in "${scripts[@]}"; do
  check "shellcheck ${script#"$repo"/}" shellcheck "$script"
done

# --- the systemd unit, rendered as bootstrap.sh does ---
# systemd-analyze verify resolves User= and the ExecStart binary, so render it for a user that
# exists here, and put the command where the unit expects it when it is not installed.
user="$(id -un)"
group="$(id -gn)"
home="$tmp/home"
mkdir -p "$home/.swarm" "$tmp/unit"
check "render the unit" "$repo/deploy/render" "$repo/deploy/swarm.service" USER="$user" GROUP="$group" \
  SWARM_HOME="$home/.swarm"
"$repo/deploy/render" "$repo/deploy/swarm.service" USER="$user" GROUP="$group" SWARM_HOME="$home/.swarm" \
  >"$tmp/unit/swarm.service"
verify_unit() {
  local out
  # ExecStart must exist for verify; outside an installed host it does not
  if [ ! -x /usr/local/bin/swarm ]; then
    sed -i "s|^ExecStart=/usr/local/bin/swarm|ExecStart=$repo/deploy/swarm|" "$tmp/unit/swarm.service"
  fi
  out="$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$tmp/unit/swarm.service" 2>&1)" || { echo "$out"; return 1; }
  # verify exits 0 on some warnings (unknown keys, bad values): any line about our unit fails
  if grep -i 'swarm.service' <<<"$out"; then return 1; fi
  echo "$out"
}
check "systemd-analyze verify swarm.service" verify_unit
# the exposure systemd-analyze security computes (docs/operations.md records it); 0 is best, 10 worst
exposure() {
  local out
  sed -e 's/^User=.*/User=nobody/' -e "s/^Group=.*/Group=$(id -gn nobody)/" "$tmp/unit/swarm.service" \
    >"$tmp/exposure.service"
  out="$(systemd-analyze security --offline=true --no-pager "$tmp/exposure.service" 2>&1 | tail -n 1)"
  echo "$out"
  awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+$/) { exit !($i <= 2.5) } } END { }' <<<"$out" &&
    grep -q 'Overall exposure level' <<<"$out"
}
check "systemd-analyze security: exposure 2.5 or better" exposure
check "unit keeps tmux reachable: no private /tmp, AF_UNIX allowed" bash -c "
  grep -qx 'PrivateTmp=no' '$tmp/unit/swarm.service' &&
  grep -q '^RestrictAddressFamilies=.*AF_UNIX' '$tmp/unit/swarm.service'"
check "unit stops gracefully and restarts on failure" bash -c "
  grep -qx 'SuccessExitStatus=143' '$tmp/unit/swarm.service' && grep -qx 'Restart=on-failure' '$tmp/unit/swarm.service'"

# --- the Caddyfile, rendered as bootstrap.sh does ---
render_caddy() { # output [ACME_OPTIONS]
  "$repo/deploy/render" "$repo/deploy/Caddyfile.template" DOMAIN=node.example.com EMAIL=ops@example.com \
    NODE_ADDRESS=127.0.0.1:9443 ACME_OPTIONS="${2:-}" >"$1"
}
caddy_validate() {
  XDG_DATA_HOME="$tmp/caddy" XDG_CONFIG_HOME="$tmp/caddy" caddy validate --config "$1" --adapter caddyfile
}
render_caddy "$tmp/Caddyfile"
check "caddy validate (Let's Encrypt)" caddy_validate "$tmp/Caddyfile"
# a private ACME server whose HTTPS certificate is signed by a root of our own
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=checks CA" \
  -keyout "$tmp/root.key" -out "$tmp/root.pem" 2>/dev/null
render_caddy "$tmp/Caddyfile.acme" $'\tacme_ca https://acme.example.com/directory\n\tacme_ca_root '"$tmp/root.pem"
check "caddy validate (--acme-ca with --acme-ca-root)" caddy_validate "$tmp/Caddyfile.acme"
check "Caddy proxies only /swarm and /swarm/* over h2c to loopback" bash -c "
  adapted=\$(XDG_DATA_HOME='$tmp/caddy' XDG_CONFIG_HOME='$tmp/caddy' caddy adapt --config '$tmp/Caddyfile' --adapter caddyfile)
  grep -q '\"path\":\\[\"/swarm\",\"/swarm/\\*\"\\]' <<<\"\$adapted\" &&
  grep -q '\"versions\":\\[\"h2c\"\\]' <<<\"\$adapted\" && grep -q '\"dial\":\"127.0.0.1:9443\"' <<<\"\$adapted\""
check "render refuses a missing placeholder value" bash -c "! '$repo/deploy/render' '$repo/deploy/Caddyfile.template' DOMAIN=x"
check "render refuses a value spanning lines" bash -c "! '$repo/deploy/render' '$repo/deploy/Caddyfile.template' \
  DOMAIN=\$'a\\nb' EMAIL=e NODE_ADDRESS=n ACME_OPTIONS="

# --- bootstrap.sh's refusals, before it changes anything ---
if [ "$(id -u)" -eq 0 ]; then
  expect_refusal() { # message args...: bootstrap.sh must fail with a message containing this
    local message="$1" out
    shift
    # no terminal, and no sudo caller to take as the default --user
    if out="$(env -u SUDO_USER "$repo/bootstrap.sh" "$@" </dev/null 2>&1)"; then echo "exit 0: $out"; return 1; fi
    grep -qF -- "$message" <<<"$out" || { echo "$out"; return 1; }
  }
  check "bootstrap.sh refuses an unknown option" expect_refusal "unknown option: --frobnicate" --frobnicate
  check "bootstrap.sh --non-interactive names a missing --user" expect_refusal "missing --user" --non-interactive
  check "bootstrap.sh without a terminal names a missing --user" expect_refusal "no terminal to ask" --agent-id a
  check "bootstrap.sh refuses to run the node as root" expect_refusal "not root" --non-interactive --user root
  check "bootstrap.sh refuses --acme-ca-root without --acme-ca" expect_refusal "--acme-ca-root needs --acme-ca" \
    --non-interactive --user nobody --agent-id a --domain node.example.com --email a@example.com --acme-ca-root /dev/null
else
  echo "skip  bootstrap.sh refusals (they need root)"
fi

echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
