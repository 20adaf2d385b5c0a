#!/usr/bin/env bash
# A Docker engine of its own for a simulated host (a network namespace), until New-XHostLab (issue 5) takes over:
#   start NS DIR [dockerd flags...]   write DIR/daemon.json if missing, start dockerd in NS, wait until it answers
#   restart NS DIR                    stop, then start with the same flags (what Set-DockerBridge -Restart runs here)
#   stop DIR                          remove its containers and stop it and its keeper (by the PIDs in their pid files)
#   image DIR                         import local/busybox:1 from busybox-static (no registry is reachable)
# When DIR/sysconfig exists, its OPTIONS are added to the flags, as RHEL's docker.service does with
# EnvironmentFile=/etc/sysconfig/docker and ExecStart=/usr/bin/dockerd $OPTIONS.
# Everything lives in DIR: config, data root, exec root, pid file, socket unix://DIR/docker.sock, log.
# iptables and ip-forward are off, so the engine leaves the machine's firewall and sysctls alone.
# dockerd must see the machine's cgroup mounts, which "ip netns exec" hides behind a fresh /sys (and a restart runs
# through a namespace session, that is inside "ip netns exec"). So the first start leaves a keeper process in the
# machine's own mount namespace, and dockerd always starts with nsenter into the keeper's mount namespace and NS's
# network namespace.
set -euo pipefail
cmd=${1:?start|restart|stop|image}

sock() { echo "unix://$1/docker.sock"; }

wait_answering() {
  for _ in $(seq 150); do docker -H "$(sock "$1")" version >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "dockerd in $1 did not answer; see $1/dockerd.log" >&2; return 1
}

start() {
  local ns=$1 dir=$2; shift 2
  mkdir -p "$dir"
  [ -f "$dir/daemon.json" ] || cat > "$dir/daemon.json" <<JSON
{
  "data-root": "$dir/data",
  "exec-root": "$dir/exec",
  "pidfile": "$dir/docker.pid",
  "hosts": ["$(sock "$dir")"],
  "iptables": false,
  "ip-forward": false,
  "ip-masq": false,
  "shutdown-timeout": 1,
  "bridge": "none"
}
JSON
  if [ $# -gt 0 ]; then printf '%s\n' "$@" > "$dir/flags"; fi
  local flags=(); if [ -f "$dir/flags" ]; then mapfile -t flags < "$dir/flags"; fi
  if [ -f "$dir/sysconfig" ]; then
    local OPTIONS="" extra=(); . "$dir/sysconfig"; read -ra extra <<< "$OPTIONS"; flags+=("${extra[@]}")
  fi
  if [ -f "$dir/keeper.pid" ] && ! kill -0 "$(cat "$dir/keeper.pid")" 2>/dev/null; then rm -f "$dir/keeper.pid"; fi
  if ! { [ -f "$dir/keeper.pid" ] && kill -0 "$(cat "$dir/keeper.pid")" 2>/dev/null; }; then
    # A restart runs inside "ip netns exec": a keeper made there would carry the hidden /sys along.
    if [ "${XHN_RESTART:-}" = 1 ]; then echo "the keeper of $dir is gone: start dockerd again with '$0 start'" >&2; return 1; fi
    # The keeper writes its own PID (setsid may fork, so $! could name a parent that has exited).
    setsid sh -c 'echo $$ > "$1"; exec sleep infinity' sh "$dir/keeper.pid" >/dev/null 2>&1 </dev/null &
    for _ in $(seq 50); do [ -s "$dir/keeper.pid" ] && break; sleep 0.02; done
  fi
  nsenter --net="/run/netns/$ns" --mount="/proc/$(cat "$dir/keeper.pid")/ns/mnt" setsid dockerd --config-file "$dir/daemon.json" "${flags[@]}" \
    >>"$dir/dockerd.log" 2>&1 </dev/null &
}

stop() {
  local dir=$1 pid
  [ -f "$dir/docker.pid" ] || return 0
  pid=$(cat "$dir/docker.pid")
  kill "$pid" 2>/dev/null || return 0
  tail --pid="$pid" -f /dev/null
  # dockerd leaves its namespace mount point behind; it would keep DIR from being removed.
  for m in "$dir"/exec/netns/*; do [ -e "$m" ] && umount "$m" 2>/dev/null; done; true
}

case "$cmd" in
  start) start "$2" "$3" "${@:4}"; wait_answering "$3" ;;
  restart) stop "$3"; XHN_RESTART=1 start "$2" "$3" ;;    # Set-DockerBridge waits for it to answer itself
  stop)
    ids=$(docker -H "$(sock "$2")" ps -aq 2>/dev/null || true)
    [ -z "$ids" ] || docker -H "$(sock "$2")" rm -f $ids >/dev/null 2>&1 || true
    stop "$2"
    if [ -f "$2/keeper.pid" ]; then kill "$(cat "$2/keeper.pid")" 2>/dev/null || true; fi ;;
  image)
    root="$2/rootfs"; mkdir -p "$root/bin"; cp /bin/busybox "$root/bin/"
    chroot "$root" /bin/busybox --install -s /bin
    tar -C "$root" -c . | docker -H "$(sock "$2")" import -c 'CMD ["/bin/sh"]' - local/busybox:1 >/dev/null ;;
  *) echo "usage: $0 start NS DIR [flags] | restart NS DIR | stop DIR | image DIR" >&2; exit 2 ;;
esac
