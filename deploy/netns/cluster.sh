#!/usr/bin/env bash
# A network-namespace cluster for partition tests on one machine.
#
# One namespace per facility (rosterd-a, rosterd-b, ...), each with a veth pair whose
# outer end is enslaved to a bridge this script owns (rosterd-br0). Addresses come from a
# private /24 (default 10.213.77.0/24) that exists only inside these namespaces and on the
# bridge: facility i (A=1, B=2, ...) is .(10+i), the bridge is .254 so that a test runner
# in the root namespace reaches every node. No route, NAT or forwarding leads anywhere
# else: a namespace has only its connected /24 and loopback.
#
# Faults (nemeses):
#   partitions  iptables DROP rules in the namespace's own chain ROSTERD-NEMESIS, jumped
#               to from INPUT and OUTPUT; `heal` flushes only that chain.
#   netem       tc netem (delay, jitter, loss, reorder) on the namespace's veth. Kernels
#               built without sch_netem get the same faults from an NFQUEUE delayer
#               (nfq-delay.py, stdlib Python) fed by the chain ROSTERD-NETEM; `netem-backend`
#               says which one this machine uses.
#
# Everything created carries the prefix `rosterd-` (ROSTERD_NETNS_PREFIX); `down` removes
# all of it, also after a failed or half-finished run, and is idempotent. Requires root,
# ip, iptables and tc.
#
# Bridged traffic between the namespaces passes the host's iptables FORWARD chain when
# the kernel filters bridged traffic (br_netfilter), and dockerd sets that chain's policy
# to DROP; so `up` adds one ACCEPT rule for traffic within its own bridge, and `down`
# removes it.
#
# `attach ID PID` gives the same faults to a process this script did not start (a
# container): its network namespace is named like a facility's (`ip netns attach`) and
# gets the same chains. `down` detaches it and removes the chains, and leaves its
# processes and interfaces alone. The facility's address is still SUBNET.(10+i): give
# containers those addresses, and set ROSTERD_NETNS_SUBNET to their network.
#
# Usage: cluster.sh COMMAND [ARGS]
#   up N                      create N facility namespaces (1..9), A..; replaces an old one
#   attach ID PID             name PID's network namespace as facility ID's and add the
#                             fault chains to it (a container: nothing else is created)
#   down                      remove namespaces, bridge, veths, delayers, attachments,
#                             the FORWARD rule and state
#   status                    list what exists
#   addr ID                   the facility's address (e.g. 10.213.77.11)
#   ns ID                     the facility's namespace name
#   exec ID CMD...            run CMD inside the facility's namespace (exec: same pid)
#   cut ID1 ID2               drop all traffic between two facilities (rules in both)
#   block ID PEER             drop traffic between ID and PEER, with rules in ID only
#   isolate ID                cut ID from every other facility
#   heal [ID...]              flush the partition rules (of the given facilities, or all)
#   rules ID                  print the partition rules of a facility
#   netem ID [delay MS [JITTER_MS]] [loss PCT] [reorder PCT]
#                             add latency, loss and reordering to ID's outgoing packets
#   netem-clear [ID...]       remove them (of the given facilities, or all)
#   netem-backend             print `netem` or `nfqueue`
#   check                     verify root and the tools; exit 1 naming what is missing
#
# Environment: ROSTERD_NETNS_SUBNET (first three octets, default 10.213.77) and
# ROSTERD_NETNS_PREFIX (default rosterd-: a lower-case letter, then up to 9 lower-case
# letters, digits or '-'; interface names must stay within 15 characters). Clusters with
# different prefixes and subnets coexist, and `down` touches only its own prefix.
set -euo pipefail

PREFIX=${ROSTERD_NETNS_PREFIX:-rosterd-}
[[ "$PREFIX" =~ ^[a-z][a-z0-9-]{0,9}$ ]] || {
  echo "cluster.sh: ROSTERD_NETNS_PREFIX must be a lower-case letter and up to 9 more letters, digits or '-' (got '$PREFIX')" >&2
  exit 1
}
BRIDGE=${PREFIX}br0
SUBNET=${ROSTERD_NETNS_SUBNET:-10.213.77}
STATE_DIR=/run/${PREFIX}netns
FORWARD_RULE=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "${PREFIX}netns bridge" -j ACCEPT)
NEMESIS_CHAIN=ROSTERD-NEMESIS
NETEM_CHAIN=ROSTERD-NETEM
NFQ_QUEUE=7
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

check() {
  local missing=()
  [ "$(id -u)" = 0 ] || missing+=("root (run as root: namespaces, iptables and tc need it)")
  command -v ip >/dev/null 2>&1 || missing+=("ip (Debian package iproute2)")
  command -v iptables >/dev/null 2>&1 || missing+=("iptables (Debian package iptables)")
  command -v tc >/dev/null 2>&1 || missing+=("tc (Debian package iproute2)")
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'cluster.sh: missing: %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

# Facility id (A..I, case-insensitive) -> index 1..9.
index_of() {
  local id
  id=$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')
  case "$id" in
    [A-I]) printf '%d' $(($(printf '%d' "'$id") - 64)) ;;
    *) die "unknown facility id '$1' (expected A..I)" ;;
  esac
}

ns_of() { printf '%s%s' "$PREFIX" "$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')"; }
addr_of() { printf '%s.%d' "$SUBNET" $((10 + $(index_of "$1"))); }
veth_of() { printf '%sv%s' "$PREFIX" "$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')"; }
in_ns() {
  local ns
  ns=$(ns_of "$1")
  shift
  ip netns exec "$ns" "$@"
}

# The facility ids that currently have a namespace, upper case, sorted.
ids() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep "^${PREFIX}[a-i]\$" | sed "s/^${PREFIX}//" | tr '[:lower:]' '[:upper:]' | sort || true
}

require_ns() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$(ns_of "$1")" || die "facility $1 has no namespace (run: cluster.sh up N)"
}

netem_supported() {
  if [ -f "$STATE_DIR/backend" ]; then
    cat "$STATE_DIR/backend"
    return
  fi
  # Probe with a throwaway veth pair inside a scratch namespace.
  local probe=${PREFIX}probe backend=nfqueue
  ip netns add "$probe" 2>/dev/null || true
  if ip netns exec "$probe" ip link add ${PREFIX}p0 type veth peer name ${PREFIX}p1 2>/dev/null &&
    ip netns exec "$probe" tc qdisc add dev ${PREFIX}p0 root netem delay 1ms 2>/dev/null; then
    backend=netem
  fi
  ip netns del "$probe" 2>/dev/null || true
  mkdir -p "$STATE_DIR"
  echo "$backend" >"$STATE_DIR/backend"
  echo "$backend"
}

up() {
  local n=${1:-}
  [[ "$n" =~ ^[1-9]$ ]] || die "up: N must be 1..9"
  check
  down >/dev/null
  # Refuse a subnet the machine already uses for something else.
  if ip -4 route show | grep -q "^${SUBNET//./\\.}\.0/24"; then
    die "subnet ${SUBNET}.0/24 is already routed on this machine; set ROSTERD_NETNS_SUBNET"
  fi
  mkdir -p "$STATE_DIR"
  ip link add "$BRIDGE" type bridge
  ip addr add "${SUBNET}.254/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  iptables -C "${FORWARD_RULE[@]}" 2>/dev/null || iptables -I "${FORWARD_RULE[@]}"

  local i id ns veth
  for i in $(seq 1 "$n"); do
    id=$(printf "\\x$(printf '%x' $((64 + i)))")
    ns=$(ns_of "$id")
    veth=$(veth_of "$id")
    ip netns add "$ns"
    ip link add "$veth" type veth peer name "${PREFIX}p${id}"
    ip link set "${PREFIX}p${id}" netns "$ns"
    in_ns "$id" ip link set "${PREFIX}p${id}" name eth0
    in_ns "$id" ip addr add "$(addr_of "$id")/24" dev eth0
    in_ns "$id" ip link set lo up
    in_ns "$id" ip link set eth0 up
    ip link set "$veth" master "$BRIDGE"
    ip link set "$veth" up
    add_chains "$id"
  done
  netem_supported >/dev/null
  echo "up: $n facilities on ${SUBNET}.0/24 (bridge $BRIDGE at ${SUBNET}.254), faults via $(netem_supported)"
}

# The fault chains of a facility's namespace, jumped to from INPUT and OUTPUT.
add_chains() {
  local id=$1 chain
  for chain in "$NEMESIS_CHAIN" "$NETEM_CHAIN"; do
    in_ns "$id" iptables -N "$chain"
  done
  # Partition rules first: a dropped packet must never reach the delayer's queue.
  in_ns "$id" iptables -A INPUT -j "$NEMESIS_CHAIN"
  in_ns "$id" iptables -A OUTPUT -j "$NEMESIS_CHAIN"
  in_ns "$id" iptables -A OUTPUT -o eth0 -j "$NETEM_CHAIN"
}

remove_chains() {
  local id=$1 chain
  in_ns "$id" iptables -D INPUT -j "$NEMESIS_CHAIN" 2>/dev/null || true
  in_ns "$id" iptables -D OUTPUT -j "$NEMESIS_CHAIN" 2>/dev/null || true
  in_ns "$id" iptables -D OUTPUT -o eth0 -j "$NETEM_CHAIN" 2>/dev/null || true
  for chain in "$NEMESIS_CHAIN" "$NETEM_CHAIN"; do
    in_ns "$id" iptables -F "$chain" 2>/dev/null || true
    in_ns "$id" iptables -X "$chain" 2>/dev/null || true
  done
}

attach() {
  [ $# -eq 2 ] || die "attach: ID PID"
  local id=$1 pid=$2 ns
  check
  index_of "$id" >/dev/null
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ] || die "attach: no process $pid"
  ns=$(ns_of "$id")
  ! ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns" || die "attach: $ns exists already (cluster.sh down first)"
  mkdir -p "$STATE_DIR"
  ip netns attach "$ns" "$pid"
  echo "$ns" >>"$STATE_DIR/attached"
  in_ns "$id" ip link show eth0 >/dev/null 2>&1 || die "attach: process $pid's namespace has no eth0"
  add_chains "$id"
  echo "attach: $id is process $pid's network namespace ($ns, $(addr_of "$id"))"
}

is_attached() {
  [ -f "$STATE_DIR/attached" ] && grep -qx "$1" "$STATE_DIR/attached"
}

stop_delayer() {
  local pidfile="$STATE_DIR/nfq-$1.pid" pid
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    # Only our own delayer: the pid must still run nfq-delay.py.
    if [ -n "$pid" ] && grep -q nfq-delay "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  fi
}

down() {
  [ "$(id -u)" = 0 ] || die "down: must run as root"
  local ns pid id
  for id in $(ids); do stop_delayer "$id"; done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${PREFIX}" || true); do
    if is_attached "$ns"; then
      # Not ours: take our chains out and the name off; its processes live on.
      remove_chains "$(printf '%s' "${ns#"$PREFIX"}" | tr '[:lower:]' '[:upper:]')"
      ip netns del "$ns" 2>/dev/null || true
      continue
    fi
    # Processes still inside one of our namespaces (nodes of a crashed run): end them by pid.
    for pid in $(ip netns pids "$ns" 2>/dev/null || true); do
      kill -CONT "$pid" 2>/dev/null || true
      kill -9 "$pid" 2>/dev/null || true
    done
    ip netns del "$ns" 2>/dev/null || true
  done
  while iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; do iptables -D "${FORWARD_RULE[@]}"; done
  local link
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep "^${PREFIX}" || true); do
    ip link del "$link" 2>/dev/null || true
  done
  rm -rf "$STATE_DIR"
  echo "down: removed every ${PREFIX}* namespace and link"
}

status() {
  echo "namespaces:"
  ip netns list 2>/dev/null | grep "^${PREFIX}" | sed 's/^/  /' || true
  echo "links:"
  ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep "^${PREFIX}" | sed 's/^/  /' || true
  local id
  for id in $(ids); do
    echo "$id $(addr_of "$id"):"
    in_ns "$id" iptables -S "$NEMESIS_CHAIN" 2>/dev/null | grep -v "^-N" | sed 's/^/  /' || true
    in_ns "$id" tc qdisc show dev eth0 2>/dev/null | grep netem | sed 's/^/  /' || true
    [ -f "$STATE_DIR/nfq-$id.pid" ] && echo "  nfqueue delayer pid $(cat "$STATE_DIR/nfq-$id.pid"): $(cat "$STATE_DIR/nfq-$id.spec" 2>/dev/null)"
  done
}

block() {
  local id=$1 peer=$2 peer_addr
  require_ns "$id"
  peer_addr=$(addr_of "$peer")
  in_ns "$id" iptables -A "$NEMESIS_CHAIN" -s "$peer_addr" -j DROP
  in_ns "$id" iptables -A "$NEMESIS_CHAIN" -d "$peer_addr" -j DROP
}

cut() {
  [ $# -eq 2 ] || die "cut: needs two facility ids"
  block "$1" "$2"
  block "$2" "$1"
}

isolate() {
  local id=$1 other
  require_ns "$id"
  for other in $(ids); do
    [ "$other" = "$(printf '%s' "$id" | tr '[:lower:]' '[:upper:]')" ] || cut "$id" "$other"
  done
}

heal() {
  local id
  for id in ${*:-$(ids)}; do
    require_ns "$id"
    in_ns "$id" iptables -F "$NEMESIS_CHAIN"
  done
}

netem() {
  local id=$1
  shift
  require_ns "$id"
  local delay=0 jitter=0 loss=0 reorder=0
  while [ $# -gt 0 ]; do
    case "$1" in
      delay)
        delay=${2:?delay needs milliseconds}
        shift 2
        if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
          jitter=$1
          shift
        fi
        ;;
      loss) loss=${2:?loss needs a percentage}; shift 2 ;;
      reorder) reorder=${2:?reorder needs a percentage}; shift 2 ;;
      *) die "netem: unknown option '$1'" ;;
    esac
  done
  for v in "$delay" "$jitter"; do [[ "$v" =~ ^[0-9]+$ ]] || die "netem: delays are whole milliseconds"; done
  for v in "$loss" "$reorder"; do [[ "$v" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "netem: percentages are numbers"; done
  netem_clear "$id"
  if [ "$(netem_supported)" = netem ]; then
    local args=()
    [ "$delay" != 0 ] && args+=(delay "${delay}ms" "${jitter}ms")
    [ "$loss" != 0 ] && args+=(loss "${loss}%")
    # netem reorders only delayed packets: reorder needs a delay.
    [ "$reorder" != 0 ] && [ "$delay" != 0 ] && args+=(reorder "${reorder}%")
    [ ${#args[@]} -gt 0 ] && in_ns "$id" tc qdisc add dev eth0 root netem "${args[@]}"
  else
    command -v python3 >/dev/null 2>&1 || die "netem: this kernel has no sch_netem and python3 (for the NFQUEUE delayer) is missing"
    local ns log
    ns=$(ns_of "$id")
    log="$STATE_DIR/nfq-$id.log"
    mkdir -p "$STATE_DIR"
    # setsid: the delayer must outlive this shell; it is ended by pid (netem-clear, down).
    setsid ip netns exec "$ns" python3 "$HERE/nfq-delay.py" --queue "$NFQ_QUEUE" --delay-ms "$delay" \
      --jitter-ms "$jitter" --loss "$loss" --reorder "$reorder" --ready-file "$STATE_DIR/nfq-$id.ready" \
      </dev/null >"$log" 2>&1 &
    echo $! >"$STATE_DIR/nfq-$id.pid"
    echo "delay ${delay}ms jitter ${jitter}ms loss ${loss}% reorder ${reorder}%" >"$STATE_DIR/nfq-$id.spec"
    local waited=0
    while [ ! -f "$STATE_DIR/nfq-$id.ready" ]; do
      if ! kill -0 "$(cat "$STATE_DIR/nfq-$id.pid")" 2>/dev/null || [ $waited -ge 100 ]; then
        cat "$log" >&2 || true
        stop_delayer "$id"
        die "netem: the NFQUEUE delayer for $id did not start"
      fi
      sleep 0.05
      waited=$((waited + 1))
    done
    # --queue-bypass: if the delayer dies, packets flow instead of being dropped.
    in_ns "$id" iptables -A "$NETEM_CHAIN" -j NFQUEUE --queue-num "$NFQ_QUEUE" --queue-bypass
  fi
}

netem_clear() {
  local id
  for id in ${*:-$(ids)}; do
    require_ns "$id"
    in_ns "$id" tc qdisc del dev eth0 root 2>/dev/null || true
    in_ns "$id" iptables -F "$NETEM_CHAIN" 2>/dev/null || true
    stop_delayer "$id"
    rm -f "$STATE_DIR/nfq-$id.ready" "$STATE_DIR/nfq-$id.spec"
  done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  check) check ;;
  up) up "$@" ;;
  attach) attach "$@" ;;
  down) down ;;
  status) status ;;
  addr) addr_of "${1:?addr ID}"; echo ;;
  ns) ns_of "${1:?ns ID}"; echo ;;
  exec)
    id=${1:?exec ID CMD...}
    shift
    require_ns "$id"
    exec ip netns exec "$(ns_of "$id")" "$@"
    ;;
  cut) check; cut "$@" ;;
  block) check; [ $# -eq 2 ] || die "block: ID PEER"; block "$1" "$2" ;;
  isolate) check; isolate "${1:?isolate ID}" ;;
  heal) check; heal "$@" ;;
  rules) require_ns "${1:?rules ID}"; in_ns "$1" iptables -S "$NEMESIS_CHAIN" ;;
  netem) check; netem "$@" ;;
  netem-clear) check; netem_clear "$@" ;;
  netem-backend) check; netem_supported ;;
  ""|-h|--help|help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$cmd' (try: cluster.sh help)" ;;
esac
