#!/usr/bin/env bash
# Measures the distribution itself: size, first boot and restart time to "gateway ready" (GET /health answers 200),
# and idle RSS 60 s after a restart. With --builds it also times a warm build, and with --cold a build from an empty
# local Maven repository (everything downloaded from Maven Central again; takes minutes).
#
#   benchmarks/boot.sh [--runs N] [--builds] [--cold]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runs=3
builds=0
cold=0
while (( $# )); do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --builds) builds=1; shift ;;
        --cold) cold=1; builds=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

if (( builds )); then
    if (( cold )); then
        repo=$(mktemp -d)
        t0=$(ms); (cd "$root" && mvn -B -q -Dmaven.repo.local="$repo" -DskipTests package -pl karaf-distribution -am) >/dev/null
        echo "| cold build (empty local repository) | $(( ($(ms) - t0) / 1000 )) s |"
        rm -rf "$repo"
    fi
    (cd "$root" && mvn -B -q -o -DskipTests package -pl karaf-distribution -am) >/dev/null
    t0=$(ms); (cd "$root" && mvn -B -q -o -DskipTests package -pl karaf-distribution -am) >/dev/null
    echo "| warm build (mvn -o package -DskipTests) | $(( ($(ms) - t0) / 1000 )) s |"
fi

dist=$(ls -t "$root"/karaf-distribution/target/dx-distribution-*.tar.gz 2>/dev/null | head -n 1)
[[ -n "$dist" ]] || (cd "$root" && mvn -B -q -DskipTests package -pl karaf-distribution -am)
dist=$(ls -t "$root"/karaf-distribution/target/dx-distribution-*.tar.gz | head -n 1)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 30000)); port_open "$p" || { echo "$p"; return; }; done; }
healthy() {
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /health HTTP/1.0\r\n\r\n' >&3
    local status; IFS= read -r -t 2 status <&3 || status=""
    exec 3>&- 3<&-
    [[ "$status" == *" 200 "* ]]
}

home=$(mktemp -d)
pid=""
cleanup() { [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$home"; }
trap cleanup EXIT

# Starts DX in $home; sets pid and elapsed (milliseconds until /health answers).
boot() {
    local t0; t0=$(ms)
    "$home/bin/karaf" daemon >/dev/null 2>&1 &
    pid=$!
    until healthy "$http"; do
        kill -0 "$pid" 2>/dev/null || { echo "DX exited during start; see $home/data/log" >&2; exit 1; }
        sleep 0.02
    done
    elapsed=$(( $(ms) - t0 ))
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

first=()
restart=()
for ((i = 0; i < runs; i++)); do
    rm -rf "$home"/*
    tar -xzf "$dist" -C "$home" --strip-components=1
    http=$(free_port); ssh=$(free_port)
    sed -i -E "s/^port *=.*/port = $http/" "$home/etc/dev.dx.gateway.cfg"
    sed -i -E "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $http/" "$home/etc/org.ops4j.pax.web.cfg"
    sed -i -E "s/^sshPort *=.*/sshPort = $ssh/" "$home/etc/org.apache.karaf.shell.cfg"
    boot; first+=("$elapsed"); stop
    boot; restart+=("$elapsed")
    if (( i < runs - 1 )); then stop; fi
done
sleep 60   # the idle period being measured
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

echo "| distribution (tar.gz) | $(( $(stat -c %s "$dist") / 1024 / 1024 )) MiB, unpacked $(du -sm "$home" --exclude=data | cut -f1) MiB, $(find "$home/system" -name '*.jar' | wc -l) jars |"
echo "| first boot to gateway ready (median of $runs) | $(printf '%s\n' "${first[@]}" | median) ms (runs: ${first[*]}) |"
echo "| restart to gateway ready (median of $runs) | $(printf '%s\n' "${restart[@]}" | median) ms (runs: ${restart[*]}) |"
echo "| idle RSS 60 s after a restart | $(( rss / 1024 )) MiB |"
