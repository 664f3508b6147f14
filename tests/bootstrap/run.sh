#!/usr/bin/env bash
# End-to-end test of bootstrap.sh: runs it in a fresh Debian 12 root filesystem (debootstrap, then
# chroot) inside a network namespace of its own, with certificates from a local ACME server
# (pebble), and checks what a user would see. Takes minutes; not part of .ci/run.
#
#   sudo tests/bootstrap/run.sh
#
# Topology (all on this machine; see docs/operations.md, "Testing the bootstrap"):
#   network namespace swarm-e2e, with a veth pair to the host (10.201.0.1 host, 10.201.0.2 test host):
#     chroot (fresh Debian 12): bootstrap.sh installs node "alice" (user agent), Caddy, ufw
#     pebble (ACME, validation over real HTTP-01 against Caddy on port 80 of node.test = 127.0.0.1)
#     node "carol" outside the chroot (this checkout's jar): master of the swarm alice joins with
#       --join, and a second node that joins alice through https://node.test/swarm
#   host side: tinyproxy on 10.201.0.1, the test host's only way to the package archives and Maven
#     Central; the outside view of the firewall.
# Work files live in $SWARM_E2E_DIR (default /var/tmp/swarm-e2e): the debootstrap tarball, apt and
# Maven caches (kept between runs), and this run's root filesystem, keys and logs.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
work="${SWARM_E2E_DIR:-/var/tmp/swarm-e2e}"
cache="$work/cache"
run="$work/run"
root="$run/rootfs"
ns=swarm-e2e
host_ip=10.201.0.1
test_ip=10.201.0.2
proxy="http://$host_ip:8888"
domain=node.test

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "error: $*" >&2; exit 1; }

# --- checks ---------------------------------------------------------------------------------------
passed=0
failed=0
check() { # description command...: one observable fact
  local description="$1"
  shift
  if "$@" >>"$run/checks.log" 2>&1; then
    passed=$((passed + 1))
    log "ok    $description"
  else
    failed=$((failed + 1))
    log "FAIL  $description"
  fi
}
in_root() { chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
as_agent() { in_root runuser -u agent -- env HOME=/home/agent "$@"; }
# names of owners as the test host sees them (its uid 1000 may be another login on this machine)
mode_owner() { [ "$(chroot "$root" stat -c '%a %U:%G' "$1")" = "$2" ]; }
contains() { grep -q -- "$2" "$1"; }
# bootstrap NAME ARGS...: runs bootstrap.sh in the test host; output in $run/NAME.out, status in $run/NAME.rc
bootstrap() {
  local name="$1" rc=0
  shift
  in_root /root/swarm/bootstrap.sh "$@" </dev/null >"$run/$name.out" 2>&1 || rc=$?
  echo "$rc" >"$run/$name.rc"
}
exited() { [ "$(cat "$run/$1.rc")" = "$2" ]; }
failed_with() { ! exited "$1" 0 && grep -q -- "$2" "$run/$1.out"; }
carol() { SWARM_HOME="$run/carol" java -XX:TieredStopAtLevel=1 -jar "$repo/swarm-cli/target/swarm.jar" "$@"; }

# --- outer: prepare, then run the inner part in the network namespace ---------------------------

outer() {
  [ "$(id -u)" -eq 0 ] || die "run me as root (debootstrap, chroot, network namespaces)"
  local need=()
  for tool in debootstrap:debootstrap pebble:pebble tinyproxy:tinyproxy openssl:openssl curl:curl ip:iproute2 \
    java:openjdk-17-jdk-headless mvn:maven tmux:tmux; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi

  log "building this checkout's jar (for the peer node carol)"
  "$repo/swarm" --version >/dev/null

  mkdir -p "$cache/apt-archives/partial" "$cache/m2"
  local base="$cache/debian-12-base.tar"
  if [ ! -f "$base" ]; then
    local mirror="${SWARM_E2E_MIRROR:-}"
    if [ -z "$mirror" ]; then
      mirror="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v -m 1 security)" || true
    fi
    [ -n "$mirror" ] || mirror="$(awk '$1 == "deb" && $0 !~ /security/ { print $2; exit }' /etc/apt/sources.list)"
    [ -n "$mirror" ] || die "no Debian mirror found in this host's apt sources; set SWARM_E2E_MIRROR"
    log "debootstrap bookworm (minbase + systemd, as a VPS image has) from $mirror"
    rm -rf "$cache/base"
    debootstrap --variant=minbase --include=systemd,systemd-sysv bookworm "$cache/base" "$mirror" \
      >"$cache/debootstrap.log" 2>&1 || die "debootstrap failed: see $cache/debootstrap.log"
    tar -C "$cache/base" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    rm -rf "$cache/base"
  fi

  cleanup_outer
  grep -q " $root" /proc/self/mountinfo && die "something is still mounted below $root"
  rm -rf "$run"
  mkdir -p "$root"
  tar -C "$root" -xpf "$base"
  : >"$run/checks.log"

  log "network namespace $ns ($test_ip), proxy $proxy for the package archives and Maven Central"
  ip netns add "$ns"
  ip link add swarm-e2e-h type veth peer name swarm-e2e-t
  ip link set swarm-e2e-t netns "$ns"
  ip addr add "$host_ip/30" dev swarm-e2e-h
  ip link set swarm-e2e-h up
  ip -n "$ns" addr add "$test_ip/30" dev swarm-e2e-t
  ip -n "$ns" link set swarm-e2e-t up
  ip -n "$ns" link set lo up
  cat >"$run/tinyproxy.conf" <<EOF
Port 8888
Listen $host_ip
Timeout 600
Allow $host_ip/30
ConnectPort 443
MaxClients 64
LogLevel Warning
EOF
  tinyproxy -d -c "$run/tinyproxy.conf" >"$run/tinyproxy.log" 2>&1 &
  echo $! >"$run/tinyproxy.pid"

  local status=0
  SWARM_E2E_OUTER=$$ ip netns exec "$ns" "$0" --inner || status=$?
  cleanup_outer
  exit "$status"
}

cleanup_outer() {
  if ip netns list 2>/dev/null | grep -qw "$ns"; then
    # everything in the namespace was started by this test
    local pids
    pids="$(ip netns pids "$ns" | tr '\n' ' ')"
    if [ -n "${pids// /}" ]; then
      # shellcheck disable=SC2086 # a list of pids
      kill $pids 2>/dev/null || true
      sleep 2
      # shellcheck disable=SC2046 # a list of pids
      kill -9 $(ip netns pids "$ns") 2>/dev/null || true
    fi
    ip netns del "$ns"
  fi
  ip link del swarm-e2e-h 2>/dev/null || true
  if [ -f "$run/tinyproxy.pid" ]; then
    kill "$(cat "$run/tinyproxy.pid")" 2>/dev/null || true
    rm -f "$run/tinyproxy.pid"
  fi
}

# --- inner: in the network namespace, in a mount namespace of its own ---------------------------

inner() {
  mount --make-rprivate /
  # node.test is this test host, for every process here (pebble validates through it)
  printf '127.0.0.1 localhost %s\n::1 localhost\n' "$domain" >"$run/hosts"
  mount --bind "$run/hosts" /etc/hosts
  cp "$run/hosts" "$root/etc/hosts"
  : >"$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs tmpfs "$root/run"
  mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
  mkdir -p "$root/root/.m2/repository"
  mount --bind "$cache/m2" "$root/root/.m2/repository"

  # the test host reaches the archives only through the proxy, as some VPS do
  echo "Acquire::http::Proxy \"$proxy\";" >"$root/etc/apt/apt.conf.d/90proxy"
  cat >"$root/root/.m2/settings.xml" <<EOF
<settings><proxies>
  <proxy><id>https</id><active>true</active><protocol>https</protocol><host>$host_ip</host><port>8888</port></proxy>
  <proxy><id>http</id><active>true</active><protocol>http</protocol><host>$host_ip</host><port>8888</port></proxy>
</proxies></settings>
EOF
  in_root useradd --create-home --shell /bin/bash agent
  # a network that inspects TLS (as this machine's may) needs its CA on the test host too
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true

  log "copying this checkout (tracked and new files) to /root/swarm in the test host"
  mkdir -p "$root/root/swarm"
  git -C "$repo" ls-files -z --cached --others --exclude-standard |
    tar -C "$repo" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$root/root/swarm" -xf -

  local e2e="$run/e2e"
  mkdir -p "$e2e" "$root/root/e2e"
  log "test CA, and a certificate for localhost (pebble's ACME listener, carol)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=swarm e2e test CA" \
    -keyout "$e2e/test-ca.key" -out "$e2e/test-ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$e2e/localhost.key" -out "$e2e/localhost.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$e2e/ext"
  openssl x509 -req -in "$e2e/localhost.csr" -CA "$e2e/test-ca.pem" -CAkey "$e2e/test-ca.key" -CAcreateserial \
    -days 2 -extfile "$e2e/ext" -out "$e2e/localhost.pem" 2>/dev/null

  log "pebble: ACME on https://localhost:14000/dir, HTTP-01 validation on port 80"
  cat >"$e2e/pebble.json" <<EOF
{"pebble": {"listenAddress": "127.0.0.1:14000", "managementListenAddress": "127.0.0.1:15000",
  "certificate": "$e2e/localhost.pem", "privateKey": "$e2e/localhost.key",
  "httpPort": 80, "tlsPort": 443, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
EOF
  PEBBLE_VA_NOSLEEP=1 pebble -config "$e2e/pebble.json" >"$run/pebble.log" 2>&1 &
  for _ in $(seq 1 50); do
    curl -fsS --cacert "$e2e/test-ca.pem" https://localhost:15000/roots/0 >"$e2e/pebble-root.pem" 2>/dev/null && break
    sleep 0.2
  done
  grep -q 'BEGIN CERTIFICATE' "$e2e/pebble-root.pem" || die "pebble did not start: see $run/pebble.log"
  cp "$e2e/test-ca.pem" "$root/root/e2e/acme-ca-root.pem"
  # what the node trusts besides the system CAs: carol's CA, and the root of certificates pebble issues
  cat "$e2e/test-ca.pem" "$e2e/pebble-root.pem" >"$root/root/e2e/trust.pem"
  cat "$e2e/test-ca.pem" "$e2e/pebble-root.pem" >"$e2e/trust.pem"

  log "carol: master of swarm 'team', outside the test host (https://localhost:9444/swarm)"
  carol init --agent-id carol --endpoint https://localhost:9444/swarm >/dev/null
  SWARM_TLS_CERT="$e2e/localhost.pem" SWARM_TLS_KEY="$e2e/localhost.key" SWARM_CA_FILE="$e2e/trust.pem" \
    carol serve --listen 127.0.0.1:9444 >"$run/carol.log" 2>&1 &
  for _ in $(seq 1 100); do
    curl -fsS --cacert "$e2e/test-ca.pem" https://localhost:9444/swarm/health >/dev/null 2>&1 && break
    sleep 0.2
  done
  carol create --name team >/dev/null
  local team invite
  team="$(carol list --json | sed -n '/"swarm_id"/{s/^ *"swarm_id" : "\(.*\)",$/\1/;p;q}')"
  invite="$(carol invite --expires 2 --max-uses 1)"

  local flags=(--non-interactive --agent-id alice --domain "$domain" --email ops@node.test --user agent
    --tmux-target agent:0.0 --acme-ca https://localhost:14000/dir --acme-ca-root /root/e2e/acme-ca-root.pem
    --ca-file /root/e2e/trust.pem)

  log "bootstrap.sh refuses a missing value without a terminal, naming the flag"
  bootstrap missing --non-interactive --user agent --agent-id alice
  check "--non-interactive without --domain is an error naming --domain" failed_with missing "missing --domain"

  log "bootstrap.sh --dry-run on the fresh host"
  bootstrap dry-run "${flags[@]}" --join "$invite" --dry-run
  check "dry run exits 0 and lists what it would do" bash -c "[ \"\$(cat '$run/dry-run.rc')\" = 0 ] &&
    grep -q 'would: install' '$run/dry-run.out'"
  check "dry run installs no package" test ! -e "$root/usr/bin/caddy"
  check "dry run writes no file" test ! -e "$root/opt/swarm" -a ! -e "$root/home/agent/.swarm" -a ! -e "$root/etc/swarm"

  log "bootstrap.sh, first run (packages, build, identity, unit, Caddy, firewall, start, join, health)"
  local start=$SECONDS
  bootstrap first "${flags[@]}" --join "$invite"
  local first_duration=$((SECONDS - start))
  log "first run took ${first_duration}s; its output is in $run/first.out"
  check "first run exits 0" exited first 0
  if ! exited first 0; then
    tail -n 30 "$run/first.out"
    echo "e2e: $passed passed, $failed failed (stopped: the first run failed)"
    return 1
  fi
  check "first run says it starts the node directly, systemd not running" contains "$run/first.out" "systemd is not running here"
  check "first run checks the public URL over HTTPS" contains "$run/first.out" "public: https://$domain/swarm/health answers healthy"

  # installed files, owners, permissions
  check "jar /opt/swarm/swarm.jar root 644" mode_owner /opt/swarm/swarm.jar "644 root:root"
  check "command /usr/local/bin/swarm root 755" mode_owner /usr/local/bin/swarm "755 root:root"
  check "unit installed, root 644" mode_owner /etc/systemd/system/swarm.service "644 root:root"
  check "unit runs as agent with SWARM_HOME writable" bash -c "grep -qx 'User=agent' '$root/etc/systemd/system/swarm.service' &&
    grep -qx 'ReadWritePaths=/home/agent/.swarm' '$root/etc/systemd/system/swarm.service'"
  check "unit enabled (multi-user.target.wants)" test -L "$root/etc/systemd/system/multi-user.target.wants/swarm.service"
  check "SWARM_HOME private to agent (700)" mode_owner /home/agent/.swarm "700 agent:agent"
  check "agent.key private to agent (600), a 32-byte seed" bash -c "[ \"\$(chroot '$root' stat -c '%a %U %s' /home/agent/.swarm/agent.key)\" = '600 agent 32' ]"
  check "config.yaml private to agent (600)" mode_owner /home/agent/.swarm/config.yaml "600 agent:agent"
  check "config.yaml has endpoint, listen, wake target, ca_file" bash -c "c='$root/home/agent/.swarm/config.yaml';
    grep -q '^endpoint: .*https://$domain/swarm' \$c && grep -q '^listen: .*127.0.0.1:9443' \$c &&
    grep -q '^wake_tmux_target: .*agent:0.0' \$c && grep -q '^ca_file: .*/home/agent/.swarm/ca.pem' \$c"
  check "Caddyfile root 644 for $domain" bash -c "[ \"\$(chroot '$root' stat -c '%a %U' /etc/caddy/Caddyfile)\" = '644 root' ] &&
    grep -q '^$domain {' '$root/etc/caddy/Caddyfile'"
  check "bootstrap answers kept private to root (600)" mode_owner /etc/swarm/bootstrap.env "600 root:root"
  check "node process runs as agent" bash -c "pid=\$(sed -n '1s/^pid \([0-9]*\),.*/\1/p' '$root/home/agent/.swarm/serve.lock');
    [ -n \"\$pid\" ] && [ \"\$(chroot '$root' stat -c %U /proc/\$pid)\" = agent ]"

  # the public face, through Caddy with pebble's certificate
  local public="https://$domain"
  check "https://$domain/swarm/health answers healthy alice (certificate from pebble)" bash -c \
    "curl -fsS --cacert '$e2e/pebble-root.pem' $public/swarm/health | grep -q '\"agent_id\":\"alice\"'"
  check "the certificate was issued by pebble's CA for $domain" bash -c "openssl s_client -connect 127.0.0.1:443 \
    -servername $domain </dev/null 2>/dev/null | openssl x509 -noout -issuer -ext subjectAltName | grep -q 'DNS:$domain' &&
    openssl s_client -connect 127.0.0.1:443 -servername $domain </dev/null 2>/dev/null | grep -qi 'issuer=.*Pebble'"
  check "HTTP/3 is offered (Alt-Svc h3)" bash -c "curl -fsS -o /dev/null -D - --cacert '$e2e/pebble-root.pem' \
    $public/swarm/health | grep -qi '^alt-svc: .*h3'"
  check "HTTP/2 between client and Caddy" bash -c "curl -fsS -o /dev/null -w '%{http_version}' --cacert \
    '$e2e/pebble-root.pem' $public/swarm/info | grep -qx 2"
  check "paths outside /swarm/ are not served (404)" bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' \
    --cacert '$e2e/pebble-root.pem' $public/)\" = 404 ] && [ \"\$(curl -s -o /dev/null -w '%{http_code}' \
    --cacert '$e2e/pebble-root.pem' $public/api/inbox)\" = 404 ]"
  check "http:// redirects to https://" bash -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
    http://$domain/swarm/health | grep -q '^308 https://$domain/swarm/health'"

  # the firewall, seen from the host: 443 open, anything else closed
  check "ufw allows 22/tcp 80/tcp 443/tcp 443/udp" bash -c "s=\$(chroot '$root' ufw status); for p in 22/tcp 80/tcp 443/tcp 443/udp; do
    grep -q \"^\$p  *ALLOW\" <<<\"\$s\" || exit 1; done"
  /usr/bin/python3 -m http.server 8081 --bind 0.0.0.0 >/dev/null 2>&1 &
  local probe=$!
  sleep 1
  check "from outside: https://$domain/swarm/health through $test_ip:443" bash -c "nsenter --net=/proc/$SWARM_E2E_OUTER/ns/net \
    curl -fsS --max-time 10 --resolve $domain:443:$test_ip --cacert '$e2e/pebble-root.pem' $public/swarm/health | grep -q alice"
  # dropped, not refused: curl times out (28) rather than being turned away (7)
  check "from outside: another listening port (8081) is filtered" bash -c "nsenter --net=/proc/$SWARM_E2E_OUTER/ns/net \
    curl -sS --max-time 3 http://$test_ip:8081/; [ \$? = 28 ]"
  check "inside: that port answers (the filter, not the service, stopped it)" curl -fsS --max-time 3 http://127.0.0.1:8081/
  kill "$probe"

  # joined through --join, and a second node joins alice through the public URL
  check "alice is a member of carol's swarm (--join)" bash -c "chroot '$root' runuser -u agent -- env HOME=/home/agent \
    swarm list --swarm '$team' --json | grep -q '\"state\" : \"active\"'"
  as_agent swarm create --name ops >/dev/null
  local ops alice_invite
  ops="$(as_agent swarm list --json | grep -B1 '"name" : "ops"' | sed -n 's/^ *"swarm_id" : "\(.*\)",$/\1/p')"
  alice_invite="$(as_agent swarm invite --swarm "$ops" --expires 2 --max-uses 1)"
  as_agent tmux new-session -d -s agent -x 200 -y 50
  check "carol joins alice's swarm through https://$domain/swarm" bash -c "SWARM_HOME='$run/carol' \
    SWARM_CA_FILE='$e2e/trust.pem' java -jar '$repo/swarm-cli/target/swarm.jar' join --token '$alice_invite' --json |
    grep -q '\"status\" : \"joined\"'"
  SWARM_CA_FILE="$e2e/trust.pem" carol send --swarm "$ops" --to alice --message "hello alice from carol" >/dev/null || true
  check "alice's inbox has carol's message" bash -c "chroot '$root' runuser -u agent -- env HOME=/home/agent \
    swarm messages --swarm '$ops' --json --no-mark-read | grep -q 'hello alice from carol'"
  as_agent swarm send --swarm "$team" --to carol --message "hello carol from alice" >/dev/null || true
  check "carol's inbox has alice's message (alice calls out with its ca_file)" bash -c \
    "SWARM_HOME='$run/carol' java -jar '$repo/swarm-cli/target/swarm.jar' messages --json | grep -q 'hello carol from alice'"
  local woke=no
  for _ in $(seq 1 60); do
    if as_agent tmux capture-pane -p -t agent:0.0 | grep -q "new swarm message"; then woke=yes; break; fi
    sleep 1
  done
  check "the message woke agent's tmux pane agent:0.0" test "$woke" = yes

  # second and third runs change nothing
  local before after pid_before pid_after
  snapshot() {
    (cd "$root" && find opt/swarm usr/local/bin/swarm etc/systemd/system/swarm.service etc/caddy etc/swarm \
      home/agent/.swarm/agent.key home/agent/.swarm/config.yaml home/agent/.swarm/ca.pem -type f \
      -exec stat -c '%n %a %u:%g %Y %s' {} + | sort)
  }
  node_pid() { sed -n '1s/^pid \([0-9]*\),.*/\1/p' "$root/home/agent/.swarm/serve.lock"; }
  before="$(snapshot)"
  pid_before="$(node_pid)"
  sleep 1
  log "bootstrap.sh, second run with the same flags"
  start=$SECONDS
  bootstrap second "${flags[@]}" --join "$invite"
  local second_duration=$((SECONDS - start))
  after="$(snapshot)"
  pid_after="$(node_pid)"
  check "second run exits 0" exited second 0
  check "second run says nothing changed" contains "$run/second.out" "nothing changed"
  check "second run: no installed file touched" test "$before" = "$after"
  check "second run: the node was not restarted" test "$pid_before" = "$pid_after"
  check "second run: the joined swarm is recognised" contains "$run/second.out" "ok: member of swarm $team"

  log "bootstrap.sh, third run with no values (taken from /etc/swarm/bootstrap.env)"
  bootstrap third --non-interactive
  check "third run without flags exits 0" exited third 0
  check "third run says nothing changed" contains "$run/third.out" "nothing changed"
  check "third run: no installed file touched" test "$before" = "$(snapshot)"

  log "bootstrap.sh refuses to replace the identity with another agent id"
  local key_before
  key_before="$(sha256sum <"$root/home/agent/.swarm/agent.key")"
  bootstrap other-id --non-interactive --agent-id mallory
  check "another --agent-id is refused, naming the existing agent" failed_with other-id "identity of agent 'alice'"
  check "the key is unchanged" test "$key_before" = "$(sha256sum <"$root/home/agent/.swarm/agent.key")"

  log "first run ${first_duration}s, second run ${second_duration}s; logs in $run"
  echo "e2e: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

if [ "${1:-}" = --inner ]; then inner; else outer; fi
