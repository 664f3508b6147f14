#!/usr/bin/env bash
# One command from a fresh Debian 12 or Ubuntu 22.04/24.04 host with a domain pointing at it to a
# swarm node on the internet: https://DOMAIN/swarm behind Caddy (automatic certificates, HTTP/3),
# a hardened systemd service running as the user whose tmux it wakes, and optionally a joined swarm.
#
#   git clone <this repository> swarm && cd swarm && sudo ./bootstrap.sh
#
# Every step is idempotent: a second run changes nothing and says so. Upgrading is `git pull` and
# running it again. See docs/operations.md.
set -euo pipefail
umask 022

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
readonly repo
readonly PREFIX=/opt/swarm
readonly BIN=/usr/local/bin/swarm
readonly UNIT=/etc/systemd/system/swarm.service
readonly CADDYFILE=/etc/caddy/Caddyfile
readonly ACME_ROOT_COPY=/etc/caddy/acme-ca-root.pem
readonly STATE=/etc/swarm/bootstrap.env
readonly NODE_ADDRESS=127.0.0.1:9443
readonly MARKER="Rendered by bootstrap.sh"
health_timeout="${SWARM_BOOTSTRAP_HEALTH_TIMEOUT:-180}"

usage() {
  cat <<'EOF'
Usage: sudo ./bootstrap.sh [options]

Installs a swarm node on this Debian/Ubuntu host: packages, the jar in /opt/swarm, the node's
identity for --user, the systemd unit, Caddy with automatic HTTPS for --domain, the firewall, and
starts it. Values not given are asked for at a terminal (or taken from the last run's
/etc/swarm/bootstrap.env); with --non-interactive a missing one is an error.

  --agent-id ID          this agent's id ([A-Za-z0-9_.-]); kept from an existing identity
  --domain NAME          the public name of this host (its DNS must point here)
  --email ADDRESS        contact for the certificate authority (expiry notices)
  --user LOGIN           the user the node runs as, whose tmux it wakes (default: $SUDO_USER)
  --tmux-target TARGET   pane to wake, e.g. main:0.0 (optional; no waking without it)
  --join URL             join this swarm://... invite once the node runs (optional)
  --acme-ca URL          ACME directory of another CA (staging or private; default Let's Encrypt)
  --acme-ca-root PEM     root that signs that ACME server's own HTTPS certificate
  --ca-file PEM          extra CAs the node trusts when calling peers (private CAs)
  --no-firewall          leave the firewall alone (default: ufw allowing 22, 80, 443/tcp, 443/udp)
  --non-interactive      never ask; a missing required value is an error
  --dry-run              print each step and what it would change; change nothing
  -h, --help             this text
EOF
}

die() {
  echo "bootstrap.sh: error: $*" >&2
  exit 1
}

# --- options -----------------------------------------------------------------------------------

agent_id="" domain="" email="" user="" tmux_target="" join="" acme_ca="" acme_ca_root="" ca_file=""
firewall="" interactive=yes dry_run=no
declare -A given=()

while [ $# -gt 0 ]; do
  option="$1"
  value=""
  case "$option" in
    --*=*) value="${option#*=}"; option="${option%%=*}" ;;
  esac
  case "$option" in
    --agent-id | --domain | --email | --user | --tmux-target | --join | --acme-ca | --acme-ca-root | --ca-file)
      if [ "$1" = "$option" ]; then
        [ $# -ge 2 ] || die "$option needs a value"
        value="$2"
        shift
      fi
      given[$option]=1
      case "$option" in
        --agent-id) agent_id="$value" ;;
        --domain) domain="$value" ;;
        --email) email="$value" ;;
        --user) user="$value" ;;
        --tmux-target) tmux_target="$value" ;;
        --join) join="$value" ;;
        --acme-ca) acme_ca="$value" ;;
        --acme-ca-root) acme_ca_root="$value" ;;
        --ca-file) ca_file="$value" ;;
      esac
      ;;
    --no-firewall) firewall=no; given[--no-firewall]=1 ;;
    --non-interactive) interactive=no ;;
    --dry-run) dry_run=yes ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

[ -z "$acme_ca_root" ] || [ -n "$acme_ca" ] || [ -f "$STATE" ] || die "--acme-ca-root needs --acme-ca"
[ "$(id -u)" -eq 0 ] || die "run me as root (sudo ./bootstrap.sh ...)"
# one run at a time
exec 9<"${BASH_SOURCE[0]}"
flock -n 9 || die "another bootstrap.sh is running"

# --- output and change tracking -----------------------------------------------------------------

changes=0
problems=()
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

step() { printf '\n==> %s\n' "$*"; }
say() { printf '    %s\n' "$*"; }
# A change made (or, in a dry run, one that would be made).
did() {
  changes=$((changes + 1))
  if [ "$dry_run" = yes ]; then say "would: $*"; else say "$*"; fi
}
same() { say "ok: $* (unchanged)"; }
# Runs a command, or only shows it in a dry run.
run() {
  if [ "$dry_run" = yes ]; then
    say "would run: $(printf '%q ' "$@")"
  else
    "$@"
  fi
}
warn() { say "warning: $*"; }

# Installs SRC as DEST with MODE (octal, as stat prints it) and OWNER:GROUP, atomically, when the
# content, mode or owner differ. Sets wrote=yes when it wrote (or would write).
wrote=no
put_file() {
  local src="$1" dest="$2" mode="$3" owner="$4"
  wrote=no
  if [ -f "$dest" ] && cmp -s "$src" "$dest" && [ "$(stat -c '%a %U:%G' "$dest")" = "$mode $owner" ]; then
    same "$dest"
    return 0
  fi
  wrote=yes
  if [ -f "$dest" ]; then did "update $dest"; else did "write $dest"; fi
  [ "$dry_run" = yes ] && return 0
  mkdir -p "$(dirname "$dest")"
  install -m "$mode" -o "${owner%%:*}" -g "${owner#*:}" "$src" "$dest.bootstrap-new"
  mv -f "$dest.bootstrap-new" "$dest"
}

# --- values --------------------------------------------------------------------------------------

# The last run's answers, so that re-running (an upgrade) needs no flags. Not sourced: parsed.
declare -A saved=()
if [ -f "$STATE" ]; then
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Z_]+$ ]] && saved[$key]="$value"
  done <"$STATE"
fi

from_saved() { # variable flag key
  local -n var="$1"
  if [ -z "$var" ] && [ -z "${given[$2]:-}" ] && [ -n "${saved[$3]:-}" ]; then
    var="${saved[$3]}"
  fi
}
from_saved agent_id --agent-id AGENT_ID
from_saved domain --domain DOMAIN
from_saved email --email EMAIL
from_saved user --user USER
from_saved tmux_target --tmux-target TMUX_TARGET
from_saved acme_ca --acme-ca ACME_CA
from_saved acme_ca_root --acme-ca-root ACME_CA_ROOT
from_saved ca_file --ca-file CA_FILE
if [ -z "$firewall" ]; then
  if [ "${saved[FIREWALL]:-yes}" = no ]; then firewall=no; else firewall=yes; fi
fi

can_ask() { [ "$interactive" = yes ] && [ -t 0 ]; }

# ask VARIABLE FLAG PROMPT [optional]: fills a missing value from the terminal, or fails naming
# the flag. Optional values may stay empty.
ask() {
  local -n var="$1"
  local flag="$2" prompt="$3" optional="${4:-}"
  [ -n "$var" ] && return 0
  if can_ask; then
    read -r -p "$prompt: " var || true
    [ -n "$var" ] || [ -n "$optional" ] || die "$flag is required"
  elif [ -z "$optional" ]; then
    if [ "$interactive" = no ]; then
      die "missing $flag (required with --non-interactive)"
    fi
    die "missing $flag, and no terminal to ask for it"
  fi
}

if [ -z "$user" ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
  user="$SUDO_USER"
fi
ask user --user "Login the node runs as (its tmux gets the wakes)"
passwd_line="$(getent passwd "$user")" || die "--user $user: no such user (create the login first)"
IFS=: read -r _ _ uid gid _ home _ <<<"$passwd_line"
[ "$uid" -ne 0 ] || die "--user must be an ordinary login, not root: the node runs with that user's rights"
group="$(getent group "$gid" | cut -d: -f1)"
[ -n "$group" ] || die "--user $user: primary group $gid has no name"
[ -d "$home" ] || die "--user $user: home directory $home does not exist"
swarm_home="$home/.swarm"

# An existing identity decides the agent id (its key is never replaced).
config_value() { # file key: the value of a flat YAML key, quotes removed
  [ -f "$1" ] || return 0
  sed -n "/^$2:/{s/^$2:[[:space:]]*//;p;q}" "$1" | sed -e "s/^'\(.*\)'\$/\1/" -e "s/''/'/g" \
    -e 's/^"\(.*\)"$/\1/'
}
existing_id=""
if [ -f "$swarm_home/agent.key" ]; then
  existing_id="$(config_value "$swarm_home/config.yaml" agent_id)"
  [ -n "$existing_id" ] || die "$swarm_home/agent.key exists but $swarm_home/config.yaml names no agent_id"
  if [ -n "$agent_id" ] && [ "$agent_id" != "$existing_id" ]; then
    die "$swarm_home holds the identity of agent '$existing_id', not '$agent_id'; bootstrap.sh never replaces a key (use --agent-id $existing_id, or move $swarm_home away first)"
  fi
  agent_id="$existing_id"
  if [ -z "$domain" ]; then
    old_endpoint="$(config_value "$swarm_home/config.yaml" endpoint)"
    if [[ "$old_endpoint" =~ ^https://([^/:]+)/swarm$ ]]; then domain="${BASH_REMATCH[1]}"; fi
  fi
fi

ask agent_id --agent-id "Agent id (letters, digits, _ . -)"
ask domain --domain "Domain of this host (DNS pointing here)"
ask email --email "Email for the certificate authority"
first_run=no
[ -f "$STATE" ] || first_run=yes
if [ "$first_run" = yes ]; then
  ask tmux_target --tmux-target "tmux pane to wake, e.g. main:0.0 (empty: no waking)" optional
  ask join --join "Invite to join, swarm://... (empty: none)" optional
fi

domain="${domain,,}"
[[ "$agent_id" =~ ^[A-Za-z0-9_.-]{1,256}$ ]] || die "--agent-id '$agent_id': use letters, digits, _ . - (up to 256)"
label='[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?'
[[ "$domain" =~ ^$label(\.$label)+$ ]] || die "--domain '$domain' is not a host name like node.example.com"
[[ "$email" =~ ^[^@[:space:]\"\'{}]+@[^@[:space:]\"\'{}]+$ ]] || die "--email '$email' is not an email address"
tmux_re='^[A-Za-z0-9_.:%$@+/=-]+$'
[ -z "$tmux_target" ] || [[ "$tmux_target" =~ $tmux_re ]] ||
  die "--tmux-target '$tmux_target' is not a tmux target like session:window.pane"
[ -z "$join" ] || [[ "$join" =~ ^swarm://[^@[:space:]]+@[^?[:space:]]+\?token=[A-Za-z0-9._-]+$ ]] ||
  die "--join needs an invite URL swarm://<swarm_id>@<host>?token=<JWT>"
[ -z "$acme_ca" ] || [[ "$acme_ca" =~ ^https://[^[:space:]\"\'{}]+$ ]] || die "--acme-ca '$acme_ca' is not an https:// URL"
[ -z "$acme_ca_root" ] || [ -n "$acme_ca" ] || die "--acme-ca-root needs --acme-ca"
for pem in "$acme_ca_root" "$ca_file"; do
  [ -z "$pem" ] || grep -q 'BEGIN CERTIFICATE' "$pem" 2>/dev/null || die "$pem is not a readable PEM certificate file"
done
endpoint="https://$domain/swarm"

systemd_running() { [ -d /run/systemd/system ]; }

as_user() { # runs a command as the node's user, in its home, with its SWARM_HOME
  (cd / && runuser -u "$user" -- env HOME="$home" SWARM_HOME="$swarm_home" "$@")
}

dry_note=""
[ "$dry_run" = no ] || dry_note=" (dry run: nothing is changed)"
echo "swarm bootstrap: agent $agent_id at $endpoint, running as $user$dry_note"

# --- 1. packages ---------------------------------------------------------------------------------
step "packages"
java_major() { # the specification version of `java` on PATH, 0 when none
  command -v java >/dev/null || { echo 0; return; }
  local properties
  properties="$(java -XshowSettings:properties -version 2>&1)" || true
  sed -n '/^ *java.specification.version = /{s/^ *java.specification.version = \([0-9]*\).*/\1/;p;q}' <<<"$properties"
}
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
packages=(ca-certificates curl tmux sqlite3 maven caddy)
if [ "$(java_major)" -lt 17 ] || ! command -v javac >/dev/null; then packages+=(openjdk-17-jdk-headless); fi
[ "$firewall" = no ] || packages+=(ufw)
missing=()
for package in "${packages[@]}"; do installed "$package" || missing+=("$package"); done
if [ ${#missing[@]} -eq 0 ]; then
  same "installed: ${packages[*]}"
else
  did "install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a
  apt_get() { # apt-get, its chatter kept in a log shown when it fails
    if [ "$dry_run" = yes ]; then run apt-get "$@"; return; fi
    apt-get "$@" >>"$tmp/apt.log" 2>&1 || { tail -n 40 "$tmp/apt.log" >&2; die "apt-get $1 failed"; }
  }
  apt_get update
  if [ "$dry_run" = no ] && [[ " ${missing[*]} " == *" caddy "* ]] &&
    ! grep -q 'Candidate: [0-9]' <<<"$(apt-cache policy caddy 2>/dev/null)"; then
    # Ubuntu 22.04 has no caddy package: use Caddy's own Debian repository, as its docs describe.
    say "caddy is not in this distribution's archive: adding Caddy's stable repository"
    apt_get install -y --no-install-recommends curl ca-certificates
    mkdir -p /etc/apt/keyrings
    curl -fsSL https://dl.cloudsmith.io/public/caddy/stable/gpg.key -o /etc/apt/keyrings/caddy-stable.asc
    echo "deb [signed-by=/etc/apt/keyrings/caddy-stable.asc] https://dl.cloudsmith.io/public/caddy/stable/deb/debian any-version main" \
      >/etc/apt/sources.list.d/caddy-stable.list
    apt_get update
  fi
  apt_get install -y --no-install-recommends "${missing[@]}"
fi
if [ "$dry_run" = no ] && [ "$(java_major)" -lt 17 ]; then
  die "java on PATH is older than 17 (${JAVA_HOME:-no JAVA_HOME}); select a JDK 17+ with update-alternatives --config java"
fi

# --- 2. the jar and the command ------------------------------------------------------------------
step "swarm command ($PREFIX, $BIN)"
node_dirty=no # something the running node reads changed: restart it
fingerprint="$(cd "$repo" && find pom.xml node/pom.xml swarm-cli/pom.xml node/src/main swarm-cli/src/main -type f -print0 |
  LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -f "$PREFIX/swarm.jar" ] && [ "$(sed -n 's/^sources //p' "$PREFIX/SOURCE" 2>/dev/null)" = "$fingerprint" ]; then
  same "$PREFIX/swarm.jar (built from these sources)"
else
  builder="$(stat -c %U "$repo")"
  if [ "$builder" = UNKNOWN ] || ! getent passwd "$builder" >/dev/null; then builder=root; fi
  did "build the jar from $repo (as $builder) and install it as $PREFIX/swarm.jar"
  if [ "$dry_run" = no ]; then
    builder_home="$(getent passwd "$builder" | cut -d: -f6)"
    (cd "$repo" && runuser -u "$builder" -- env HOME="$builder_home" \
      mvn -B -q -Dstyle.color=never -pl swarm-cli -am -DskipTests package)
    install -d -m 755 "$PREFIX"
    install -m 644 "$repo/swarm-cli/target/swarm.jar" "$PREFIX/swarm.jar.bootstrap-new"
    mv -f "$PREFIX/swarm.jar.bootstrap-new" "$PREFIX/swarm.jar"
    # Start time (docs/architecture.md, "Start time"): a class-data-sharing archive recorded from a
    # training run, and SQLite's native library kept beside the jar. Both optional: without them
    # swarm starts as before, a little slower.
    rm -rf "$PREFIX/native" "$PREFIX/swarm.jsa"
    if "$repo/deploy/record-archive" "$PREFIX/swarm.jar" "$PREFIX/swarm.jsa" -XX:+UseSerialGC -Xlog:disable \
        -Dswarm.native.dir="$PREFIX/native"; then
      chmod 644 "$PREFIX/swarm.jsa"
    else
      say "note: could not record the start-up archive; swarm starts without it"
    fi
    [ ! -d "$PREFIX/native" ] || chmod -R u=rwX,go=rX "$PREFIX/native"
    printf 'sources %s\ncommit %s\n' "$fingerprint" "$commit" >"$PREFIX/SOURCE"
  fi
  node_dirty=yes
fi
put_file "$repo/deploy/swarm" "$BIN" 755 root:root
[ "$wrote" = no ] || node_dirty=yes
put_file "$repo/deploy/swarm-hook" "$PREFIX/swarm-hook" 755 root:root  # what the agents' hooks run (docs/agents.md)
put_file "$repo/docs/operations.md" "$PREFIX/operations.md" 644 root:root

# --- 3. identity ---------------------------------------------------------------------------------
step "identity ($swarm_home)"
if [ -n "$existing_id" ]; then
  same "$swarm_home/agent.key of agent $agent_id (a key is never replaced)"
  for file in "$swarm_home" "$swarm_home/agent.key"; do
    mode=700
    [ -d "$file" ] || mode=600
    if [ "$(stat -c '%a %U' "$file")" != "$mode $user" ]; then
      did "make $file private to $user (mode $mode)"
      run chown "$user:$group" "$file"
      run chmod "$mode" "$file"
    fi
  done
else
  did "create the identity of agent $agent_id for $user"
  run as_user "$BIN" init --agent-id "$agent_id" --endpoint "$endpoint"
  node_dirty=yes
fi

# --- 4. config -----------------------------------------------------------------------------------
step "config ($swarm_home/config.yaml)"
config="$swarm_home/config.yaml"
declare -A want=([endpoint]="$endpoint" [listen]="$NODE_ADDRESS")
[ -z "$tmux_target" ] || want[wake_tmux_target]="$tmux_target"
if [ -n "$ca_file" ]; then
  want[ca_file]="$swarm_home/ca.pem"
  cp "$ca_file" "$tmp/ca.pem"
  put_file "$tmp/ca.pem" "$swarm_home/ca.pem" 600 "$user:$group"
  [ "$wrote" = no ] || node_dirty=yes
fi
if [ -f "$config" ]; then cp "$config" "$tmp/config.yaml"; else : >"$tmp/config.yaml"; fi
for key in endpoint listen wake_tmux_target ca_file; do
  [ -n "${want[$key]:-}" ] || continue
  current="$(config_value "$tmp/config.yaml" "$key")"
  [ "$current" != "${want[$key]}" ] || continue
  if [ "$key" = endpoint ] && [ -n "$current" ]; then
    warn "the endpoint changes from $current to ${want[$key]}: peers keep the old one until they hear the new"
  fi
  quoted="'${want[$key]//\'/\'\'}'"
  if grep -q "^$key:" "$tmp/config.yaml"; then
    awk -v key="$key" -v line="$key: $quoted" '$0 ~ "^" key ":" { print line; next } { print }' \
      "$tmp/config.yaml" >"$tmp/config.new"
    mv "$tmp/config.new" "$tmp/config.yaml"
  else
    printf '%s: %s\n' "$key" "$quoted" >>"$tmp/config.yaml"
  fi
done
if [ "$dry_run" = yes ] && [ ! -f "$config" ]; then
  did "write $config (endpoint, listen${tmux_target:+, wake_tmux_target}${ca_file:+, ca_file})"
else
  put_file "$tmp/config.yaml" "$config" 600 "$user:$group"
  [ "$wrote" = no ] || node_dirty=yes
fi
{
  echo "# bootstrap.sh's answers of its last run; a later run takes them as defaults."
  printf '%s=%s\n' USER "$user" AGENT_ID "$agent_id" DOMAIN "$domain" EMAIL "$email" TMUX_TARGET "$tmux_target" \
    ACME_CA "$acme_ca" ACME_CA_ROOT "$acme_ca_root" CA_FILE "$ca_file" FIREWALL "$firewall"
} >"$tmp/bootstrap.env"
put_file "$tmp/bootstrap.env" "$STATE" 600 root:root

# --- 5. systemd unit -----------------------------------------------------------------------------
step "systemd unit ($UNIT)"
"$repo/deploy/render" "$repo/deploy/swarm.service" USER="$user" GROUP="$group" SWARM_HOME="$swarm_home" \
  >"$tmp/swarm.service"
put_file "$tmp/swarm.service" "$UNIT" 644 root:root
unit_changed="$wrote"
[ "$wrote" = no ] || node_dirty=yes
if [ "$unit_changed" = yes ] && systemd_running; then run systemctl daemon-reload; fi
if ! command -v systemctl >/dev/null; then
  warn "systemd is not installed here: the unit cannot be enabled"
elif [ -L /etc/systemd/system/multi-user.target.wants/swarm.service ]; then
  same "swarm.service enabled (starts at boot)"
else
  did "enable swarm.service (start at boot)"
  # works without a running systemd too (a chroot): it only makes the symlink
  run systemctl enable --quiet swarm.service
fi

# --- 6. Caddy ------------------------------------------------------------------------------------
step "Caddy ($CADDYFILE)"
acme_options=""
if [ -n "$acme_ca" ]; then
  acme_options=$'\t'"acme_ca $acme_ca"
  if [ -n "$acme_ca_root" ]; then
    cp "$acme_ca_root" "$tmp/acme-ca-root.pem"
    put_file "$tmp/acme-ca-root.pem" "$ACME_ROOT_COPY" 644 root:root
    acme_options+=$'\n\t'"acme_ca_root $ACME_ROOT_COPY"
  fi
fi
"$repo/deploy/render" "$repo/deploy/Caddyfile.template" DOMAIN="$domain" EMAIL="$email" \
  NODE_ADDRESS="$NODE_ADDRESS" ACME_OPTIONS="$acme_options" >"$tmp/Caddyfile"
if command -v caddy >/dev/null && { [ -z "$acme_ca_root" ] || [ -f "$ACME_ROOT_COPY" ]; }; then
  # validation provisions the config; keep its scratch files out of root's home
  XDG_DATA_HOME="$tmp/caddy" XDG_CONFIG_HOME="$tmp/caddy" caddy validate --config "$tmp/Caddyfile" \
    --adapter caddyfile >"$tmp/caddy-validate.log" 2>&1 ||
    { cat "$tmp/caddy-validate.log" >&2; die "the rendered Caddyfile does not validate"; }
fi
# a Caddyfile we did not write (the package's example, or the admin's own) is kept aside once
if [ -f "$CADDYFILE" ] && ! grep -q "$MARKER" "$CADDYFILE" && [ ! -f "$CADDYFILE.before-swarm" ]; then
  did "keep the previous $CADDYFILE as $CADDYFILE.before-swarm"
  run cp -p "$CADDYFILE" "$CADDYFILE.before-swarm"
fi
put_file "$tmp/Caddyfile" "$CADDYFILE" 644 root:root
caddy_changed="$wrote"

# --- 7. firewall ---------------------------------------------------------------------------------
step "firewall"
if [ "$firewall" = no ]; then
  say "skipped (--no-firewall)"
elif ! command -v ufw >/dev/null; then
  did "allow 22/tcp 80/tcp 443/tcp 443/udp in ufw and enable it"
else
  ports=(22/tcp 80/tcp 443/tcp 443/udp)
  # an SSH daemon on another port must stay reachable too
  if command -v sshd >/dev/null; then
    for port in $(sshd -T 2>/dev/null | awk '$1 == "port" { print $2 }'); do
      [ "$port" = 22 ] || ports=("$port/tcp" "${ports[@]}")
    done
  fi
  added="$(ufw show added 2>/dev/null || true)"
  for port in "${ports[@]}"; do
    if grep -qx "ufw allow $port" <<<"$added"; then
      same "ufw allows $port"
    else
      did "allow $port in ufw"
      run ufw allow "$port" >/dev/null
    fi
  done
  if grep -q '^Status: active' <<<"$(ufw status 2>/dev/null)"; then
    same "ufw active"
  else
    did "enable ufw (incoming: only the ports above)"
    run ufw --force enable >/dev/null
  fi
fi

# --- 8. start ------------------------------------------------------------------------------------
step "start"
node_pid() { # the pid of a directly started `swarm serve` of this identity, if one runs
  local pid
  pid="$(sed -n '1s/^pid \([0-9]*\),.*/\1/p' "$swarm_home/serve.lock" 2>/dev/null)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && [ "$(stat -c %U "/proc/$pid")" = "$user" ] &&
    grep -q -- "-jar $PREFIX/swarm.jar serve" <<<"$(tr '\0' ' ' <"/proc/$pid/cmdline")" && echo "$pid"
  return 0
}
start_node_directly() {
  # fd 9 (the lock on this script) must not live on in the daemon
  # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
  as_user sh -c 'umask 077; setsid "$1" serve >>"$2" 2>&1 </dev/null 9<&- &' sh "$BIN" "$swarm_home/serve.log"
}
if systemd_running; then
  if ! systemctl is-active --quiet swarm.service; then
    did "start swarm.service"
    run systemctl start swarm.service
  elif [ "$node_dirty" = yes ]; then
    did "restart swarm.service (its jar, unit or config changed)"
    run systemctl restart swarm.service
  else
    same "swarm.service running"
  fi
  if ! systemctl is-enabled --quiet caddy.service 2>/dev/null; then
    did "enable caddy.service"
    run systemctl enable --quiet caddy.service
  fi
  if ! systemctl is-active --quiet caddy.service; then
    did "start caddy.service"
    run systemctl start caddy.service
  elif [ "$caddy_changed" = yes ]; then
    did "reload caddy.service (new Caddyfile)"
    run systemctl reload caddy.service
  else
    same "caddy.service running"
  fi
else
  say "systemd is not running here (a container or a chroot): starting the node and Caddy directly;"
  say "they will not start at boot nor restart on failure until this host runs systemd"
  pid="$(node_pid)"
  if [ -n "$pid" ] && [ "$node_dirty" = no ]; then
    same "swarm serve running (pid $pid, log $swarm_home/serve.log)"
  else
    if [ -n "$pid" ]; then
      did "restart swarm serve (pid $pid; its jar or config changed)"
      run kill -TERM "$pid"
      for _ in $(seq 1 150); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
    else
      did "start swarm serve as $user (log $swarm_home/serve.log)"
    fi
    run start_node_directly
  fi
  if curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:2019/config/ 2>/dev/null; then
    if [ "$caddy_changed" = yes ]; then
      did "reload Caddy (new Caddyfile)"
      run caddy reload --config "$CADDYFILE" --adapter caddyfile
    else
      same "Caddy running"
    fi
  else
    did "start Caddy as user caddy (log /var/log/caddy/caddy.log)"
    if [ "$dry_run" = no ]; then
      install -d -o caddy -g caddy -m 755 /var/log/caddy
      caddy_home="$(getent passwd caddy | cut -d: -f6)"
      # as the package's unit does: user caddy with only the right to bind ports below 1024
      setsid env -i HOME="$caddy_home" PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        setpriv --reuid=caddy --regid=caddy --init-groups --inh-caps=+net_bind_service \
        --ambient-caps=+net_bind_service caddy run --config "$CADDYFILE" --adapter caddyfile \
        >>/var/log/caddy/caddy.log 2>&1 </dev/null 9<&- &
      for _ in $(seq 1 50); do
        curl -fsS -o /dev/null --max-time 1 http://127.0.0.1:2019/config/ 2>/dev/null && break
        sleep 0.2
      done
    fi
  fi
fi

# --- 9. local health (the node must answer before it can join) --------------------------------------
step "health"
health_body=""
if [ "$dry_run" = yes ]; then
  say "would check http://$NODE_ADDRESS/swarm/health and $endpoint/health"
else
  for _ in $(seq 1 120); do
    health_body="$(curl -fsS --max-time 5 "http://$NODE_ADDRESS/swarm/health" 2>/dev/null)" && break
    sleep 0.5
  done
  if [[ "$health_body" =~ \"status\":\"healthy\" ]] && [[ "$health_body" == *"\"agent_id\":\"$agent_id\""* ]]; then
    say "local:  http://$NODE_ADDRESS/swarm/health answers healthy for $agent_id"
  else
    problems+=("the node does not answer on http://$NODE_ADDRESS/swarm/health (see the log: journalctl -u swarm)")
    say "local:  FAILED, no healthy answer on http://$NODE_ADDRESS/swarm/health"
  fi
fi

# --- 10. join --------------------------------------------------------------------------------------
step "join"
if [ -z "$join" ]; then
  say "no invite given (--join)"
else
  join_swarm="${join#swarm://}"
  join_swarm="${join_swarm%%@*}"
  if [ "$dry_run" = no ] &&
    grep -q '"state" *: *"active"' <<<"$(as_user "$BIN" list --swarm "$join_swarm" --json 2>/dev/null)"; then
    same "member of swarm $join_swarm"
  else
    did "join swarm $join_swarm"
    if [ "$dry_run" = no ]; then
      if as_user "$BIN" join --token "$join" >"$tmp/join.out" 2>&1; then
        sed 's/^/    /' "$tmp/join.out"
      else
        sed 's/^/    /' "$tmp/join.out"
        problems+=("joining swarm $join_swarm failed (see above); run: sudo -u $user swarm join --token '...'")
      fi
    fi
  fi
fi

# --- 11. public health -----------------------------------------------------------------------------
if [ "$dry_run" = no ]; then
  # the trust a peer has: the system's CAs, plus the node's own extra CAs when it has some
  cat /etc/ssl/certs/ca-certificates.crt >"$tmp/trust.pem" 2>/dev/null || : >"$tmp/trust.pem"
  [ -z "$ca_file" ] || cat "$ca_file" >>"$tmp/trust.pem"
  public_ok=no
  deadline=$((SECONDS + health_timeout))
  while [ $SECONDS -lt $deadline ]; do
    if body="$(curl -fsS --max-time 10 --cacert "$tmp/trust.pem" "$endpoint/health" 2>"$tmp/curl.err")" &&
      [[ "$body" == *"\"agent_id\":\"$agent_id\""* ]]; then
      public_ok=yes
      break
    fi
    sleep 2
  done
  if [ "$public_ok" = yes ]; then
    say "public: $endpoint/health answers healthy over HTTPS"
  else
    say "public: FAILED after ${health_timeout}s: $(tail -n 1 "$tmp/curl.err")"
    problems+=("$endpoint/health is not reachable over HTTPS: does $domain point at this host, are ports 80 and 443 open at the provider? Caddy's log: journalctl -u caddy")
  fi
fi

# --- summary ---------------------------------------------------------------------------------------
step "summary"
public_key=""
if [ "$dry_run" = no ]; then
  status_json="$(as_user "$BIN" status --json 2>/dev/null)" || true
  public_key="$(sed -n '/"public_key"/{s/^ *"public_key" *: *"\(.*\)",*$/\1/;p;q}' <<<"$status_json")"
fi
cat <<EOF
    endpoint:   $endpoint
    agent id:   $agent_id${public_key:+ (public key $public_key)}
    runs as:    $user, state in $swarm_home$(systemd_running && echo ", systemd unit swarm.service" || echo ", started directly (no systemd)")
    wakes:      ${tmux_target:-nobody (set wake_tmux_target in $config)}
EOF
if [ "$changes" -eq 0 ]; then
  say "nothing changed: everything was already in place"
elif [ "$dry_run" = yes ]; then
  say "dry run: $changes change(s) would be made; nothing was changed"
else
  say "$changes change(s) made"
fi
if [ ${#problems[@]} -gt 0 ]; then
  echo
  for problem in "${problems[@]}"; do echo "PROBLEM: $problem" >&2; done
  exit 1
fi
[ "$dry_run" = no ] || exit 0
cat <<EOF

Next, as $user (sudo -iu $user):
    swarm status                                  # identity, swarms, whether the node runs
    swarm create --name my-team && swarm invite   # start a swarm and invite a peer
    swarm join --token 'swarm://...'              # or join one
EOF
[ -z "$tmux_target" ] || say "tmux new -s ${tmux_target%%:*}                      # the session the node wakes, if not running"
echo "Logs: journalctl -u swarm -f    Caddy: journalctl -u caddy -f    Operations: $PREFIX/operations.md"
