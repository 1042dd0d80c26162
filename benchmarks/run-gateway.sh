#!/usr/bin/env bash
# Benchmarks the DX gateway end to end: builds what is missing, unpacks the distribution into a throwaway DX home on
# free ports, starts it with the distribution's own JVM settings, runs the load client against it (stdout: the
# Markdown report), and always stops that DX again.
#
#   benchmarks/run-gateway.sh [load client options]     e.g. --duration 5s --scenarios ws,http
#   java -jar benchmarks/target/dx-benchmarks-*.jar --help lists the options.
#
# The throwaway instance raises requestsPerSecond and requestBurst (etc/dev.dx.gateway.cfg): at the defaults (2,000/s,
# burst 4,000 per connection) a closed loop on one connection is rate limited, and the run would measure the limiter.
# The report says which scenarios would exceed the defaults. Nothing else differs from a fresh install.
#
# Environment: BENCH_JAVA_OPTS (client JVM, default "-Xms512m -Xmx1g"); DX_BENCH_KEEP=1 keeps the DX home.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

newest() { ls -t $1 2>/dev/null | head -n 1 || true; }

# Something to rebuild when an input is newer than the artifact (or the artifact is missing).
stale() { # artifact inputs...
    local artifact=$1; shift
    [[ -z "$artifact" ]] && return 0
    [[ -n $(find "$@" -newer "$artifact" -type f -not -path '*/target/*' -print -quit 2>/dev/null) ]]
}

dist=$(newest "$root/karaf-distribution/target/dx-distribution-*.tar.gz")
if stale "$dist" "$root/pom.xml" "$root/bundles" "$root/features" "$root/karaf-distribution/src" \
        "$root/karaf-distribution/pom.xml" "$root/etc"; then
    say "building the distribution (mvn install -pl karaf-distribution -am)..."
    (cd "$root" && mvn -B -q -DskipTests install -pl karaf-distribution -am) || die "the distribution build failed"
    dist=$(newest "$root/karaf-distribution/target/dx-distribution-*.tar.gz")
fi
jar=$(newest "$here/target/dx-benchmarks-*.jar")
if stale "$jar" "$here/src/main" "$here/pom.xml"; then
    say "building the load client (mvn package -pl benchmarks)..."
    (cd "$root" && mvn -B -q -DskipTests package -pl benchmarks) || die "the load client build failed"
    jar=$(newest "$here/target/dx-benchmarks-*.jar")
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # ports to avoid...
    local p _
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 30000))
        [[ " $* " == *" $p "* ]] && continue
        port_open "$p" || { echo "$p"; return 0; }
    done
    die "found no free TCP port on 127.0.0.1"
}

set_cfg() { # file key value: replaces the key's line, or appends one
    if grep -Eq "^[#[:space:]]*$2[[:space:]]*[=:]" "$1"; then
        sed -i -E "s|^[#[:space:]]*$2[[:space:]]*[=:].*|$2 = $3|" "$1"
    else
        printf '%s = %s\n' "$2" "$3" >> "$1"
    fi
}

home=$(mktemp -d "${TMPDIR:-/tmp}/dx-bench.XXXXXX")
pid=""
client=""

karaf_pid() {
    if [[ -s "$home/karaf.pid" ]]; then
        cat "$home/karaf.pid"
    else
        # Before Karaf writes its pid file: the JVM whose command line names this (unique, temporary) home.
        pgrep -f -- "-Dkaraf.home=$home( |$)" | head -n 1 || true
    fi
}

stop_instance() {
    local rc=$? deadline
    trap - EXIT INT TERM
    if [[ -n "$client" ]] && kill -0 "$client" 2>/dev/null; then
        kill -TERM "$client" 2>/dev/null || true
        wait "$client" 2>/dev/null || true
    fi
    pid=${pid:-$(karaf_pid)}
    if [[ -x "$home/bin/stop" ]]; then
        "$home/bin/stop" >/dev/null 2>&1 || true
    fi
    if [[ -n "$pid" ]]; then
        deadline=$((SECONDS + 30))
        while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            say "DX (pid $pid) did not stop within 30 s: terminating it"
            kill -TERM "$pid" 2>/dev/null || true
            deadline=$((SECONDS + 10))
            while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    if [[ "${DX_BENCH_KEEP:-}" == 1 || $rc -ne 0 ]]; then
        say "the DX home is kept for inspection: $home (logs in data/log/karaf.log)"
    else
        rm -rf "$home"
    fi
    exit "$rc"
}
trap stop_instance EXIT
trap 'exit 130' INT TERM

tar -xzf "$dist" -C "$home" --strip-components=1
port=$(free_port 31337 8101)
ssh=$(free_port 31337 8101 "$port")
set_cfg "$home/etc/dev.dx.gateway.cfg" port "$port"
set_cfg "$home/etc/dev.dx.gateway.cfg" requestsPerSecond 1000000
set_cfg "$home/etc/dev.dx.gateway.cfg" requestBurst 1000000
set_cfg "$home/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$port"
set_cfg "$home/etc/org.apache.karaf.shell.cfg" sshPort "$ssh"

say "starting DX from $(basename "$dist") in $home (HTTP 127.0.0.1:$port, SSH $ssh)"
# The distribution's JVM settings (bin/setenv), not the caller's.
unset EXTRA_JAVA_OPTS JAVA_OPTS JAVA_MIN_MEM JAVA_MAX_MEM
"$home/bin/start" >/dev/null

token="$home/data/dx/gateway/gateway.token"
health_ok() {
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "' _ "$1" 2>/dev/null
}
deadline=$((SECONDS + 180))
until health_ok "$port" && [[ -s "$token" ]]; do
    pid=$(karaf_pid)
    if [[ -s "$home/karaf.pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
        die "DX exited during start; see $home/data/log/karaf.log"
    fi
    (( SECONDS < deadline )) || die "DX did not answer /health within 180 s; see $home/data/log/karaf.log"
    sleep 0.2
done
pid=$(karaf_pid)
say "DX is up (pid $pid, JVM: $(ps -o args= -p "$pid" | grep -oE -- '-Xm[sx][^ ]+|-XX:\+Use[A-Za-z]+GC' | tr '\n' ' '))"

rc=0
# In the background so that a signal reaches the trap at once rather than after the run.
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
java ${BENCH_JAVA_OPTS:--Xms512m -Xmx1g} -jar "$jar" --home "$home" "$@" &
client=$!
wait "$client" || rc=$?
client=""
exit "$rc"
