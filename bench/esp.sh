#!/usr/bin/env bash
# ESP throughput benchmark (docs/BENCHMARKS.md): iperf3 TCP through jiked <-> jiked,
# jiked <-> charon and charon <-> charon in the same namespaces and veth, CPU per gigabit,
# and the single-core AES-GCM ceilings. Needs root, iperf3, strongSwan and openssl.
# Usage: sudo [JIKED_JAVA_OPTS="JVM options of the daemons"] bench/esp.sh [SECONDS per transfer, default 10]
# The daemons' heap is touched up front by default (JIKED_JAVA_OPTS="" for the JVM's defaults):
# a young JVM otherwise spends a sixth of its data-plane time in page faults of a growing heap.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
JIKED_JAVA_OPTS="${JIKED_JAVA_OPTS-"-Xms512m -XX:+AlwaysPreTouch"}"
mvn -q -B -o test -Dtest=EspThroughputBenchmark -Djiked.daemon.javaOptions="${JIKED_JAVA_OPTS:-}" -Djiked.bench=true -Djiked.bench.seconds="${1:-10}" \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | sed -n '/^=====/,/^jiked EspCodec/p;/Mbit\/s$/p;/drops during/p'
