#!/usr/bin/env bash
# IKE setup benchmark, jiked vs charon, on one machine (docs/BENCHMARKS.md). Root.
# usage: docs/bench/run.sh jiked|charon COUNT [bench options...]
# Two network namespaces joined by a veth pair: jb-gw (192.0.2.2, the responder) and jb-ld
# (192.0.2.1, jiked bench ike). Prints the generator's report, then the responder's CPU time
# (user+system, from /proc) and RSS after the run, and the CPU time of its busiest threads (for
# jiked: ike-N are the IKE engines and ike-rx-500 receives on port 500; with one IKE thread the
# engine runs on the receive loop in the thread shown as java). Everything is removed on exit.
# PIN_GW / PIN_LD: the cores (taskset list) of the responder and the generator, default 0 and 1;
# JIKED_ARGS: more daemon options, e.g. "--ike-threads 2".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
who=$1; count=$2; shift 2
pin_gw=${PIN_GW:-0}; pin_ld=${PIN_LD:-1}
tmp=$(mktemp -d)
cleanup() {
  [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null || true
  [[ -n "${KEEP_LOG:-}" ]] && cp "$tmp"/*.log "$KEEP_LOG"/ 2>/dev/null || true
  sleep 0.5
  ip netns pids jb-gw 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del jb-gw 2>/dev/null || true
  ip netns del jb-ld 2>/dev/null || true
  rm -rf "$tmp"
}
# one run at a time: the cleanup below would take another run's namespaces down with this one
if ip netns list | grep -qE '^jb-(gw|ld)( |$)'; then
  echo "$0: namespaces jb-gw/jb-ld exist: another run is under way (or left over: ip netns del jb-gw jb-ld)" >&2
  rm -rf "$tmp"; exit 1
fi
trap cleanup EXIT
ip netns add jb-gw; ip netns add jb-ld
ip link add jb-gw0 netns jb-gw type veth peer name jb-ld0 netns jb-ld
ip -n jb-gw addr add 192.0.2.2/24 dev jb-gw0; ip -n jb-gw link set jb-gw0 up; ip -n jb-gw link set lo up
# the responder owns an address inside its TSr, as a gateway would (charon routes from it)
ip -n jb-gw addr add 2001:db8:2::1/64 dev lo nodad
ip -n jb-ld addr add 192.0.2.1/24 dev jb-ld0; ip -n jb-ld link set jb-ld0 up; ip -n jb-ld link set lo up
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar="$root/target/jiked.jar"
# build the jar as the jiked launcher does when it is missing (a fresh clone has none)
if [[ ! -f "$jar" ]]; then
  (cd "$root" && JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" mvn -q -B -DskipTests package >&2)
fi
# AUTH=cert (CERT_KEY=rsa for RSA-2048, the default, or ecdsa for P-256): certificate
# authentication. A fresh CA, the responder's certificate and the one certificate all initiators
# share (C=CH, O=jiked, OU=Cells, CN=pico) are made with strongSwan's pki; the responders run the
# *-cert.conf files with their paths filled in (they take the place of the PSK ones below), and
# the generator gets --cert, --key and --ca before the options given.
if [[ "${AUTH:-psk}" == cert ]]; then
  pki=$tmp/pki; mkdir -p "$pki"
  keytype=${CERT_KEY:-rsa}; [[ $keytype == rsa ]] && size=2048 || size=256
  for n in ca gw cell; do pki --gen --type "$keytype" --size "$size" --outform pem >"$pki/$n.key" 2>/dev/null; done
  pki --self --ca --in "$pki/ca.key" --type priv --dn "C=CH, O=jiked, CN=Bench-CA" --lifetime 30 \
    --outform pem >"$pki/ca.crt" 2>/dev/null
  pki --issue --in "$pki/gw.key" --type priv --cacert "$pki/ca.crt" --cakey "$pki/ca.key" \
    --dn "C=CH, O=jiked, OU=Core, CN=gw" --san 192.0.2.2 --lifetime 30 --outform pem >"$pki/gw.crt" 2>/dev/null
  pki --issue --in "$pki/cell.key" --type priv --cacert "$pki/ca.crt" --cakey "$pki/ca.key" \
    --dn "C=CH, O=jiked, OU=Cells, CN=pico" --lifetime 30 --outform pem >"$pki/cell.crt" 2>/dev/null
  [[ $keytype == rsa ]] && method=rsa-signatures || method=ecdsa-signatures-256
  mkdir -p "$tmp/conf"
  sed -e "s|@PKI@|$pki|g" -e "s|@METHOD@|$method|g" "$here/jiked-responder-cert.conf" >"$tmp/conf/jiked-responder.conf"
  # swanctl reads credentials from the directories beside the file it is given
  mkdir -p "$tmp/conf/x509" "$tmp/conf/x509ca" "$tmp/conf/private"
  cp "$pki/gw.crt" "$tmp/conf/x509/"; cp "$pki/ca.crt" "$tmp/conf/x509ca/"; cp "$pki/gw.key" "$tmp/conf/private/"
  cp "$here/swanctl-cert.conf" "$tmp/conf/swanctl.conf"
  cp "$here/strongswan-cert.conf" "$tmp/conf/strongswan.conf"
  here=$tmp/conf
  set -- --cert "$pki/cell.crt" --key "$pki/cell.key" --ca "$pki/ca.crt" "$@"
fi
case $who in
  jiked)
    ip netns exec jb-gw taskset -c "$pin_gw" "$java" ${JIKED_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \
      -jar "$jar" daemon --config "$here/jiked-responder.conf" --control "$tmp/jiked.sock" ${JIKED_ARGS:-} 2>"$tmp/jiked.log" &
    pid=$!
    sleep 2 ;;
  charon)
    ip netns exec jb-gw unshare -m sh -c "mount -t tmpfs none /run; STRONGSWAN_CONF=${SWCONF:-$here/strongswan.conf} \
      exec taskset -c $pin_gw /usr/lib/ipsec/charon" 2>"$tmp/charon.log" &
    sleep 1.5
    pid=$(ip netns pids jb-gw | while read p; do [[ "$(cat /proc/$p/comm)" == charon ]] && echo $p; done | head -1)
    ip netns exec jb-gw nsenter -t "$pid" -m swanctl --load-all --file "$here/swanctl.conf" >/dev/null 2>&1 ;;
  *) echo "usage: $0 jiked|charon COUNT [options]" >&2; exit 2 ;;
esac
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
rss() { awk '/VmRSS/{print $2}' /proc/$pid/status; }
tck=$(getconf CLK_TCK)
threads() {  # "TID NAME TICKS" for each thread of the responder
  for t in /proc/$pid/task/*; do
    echo "${t##*/} $(tr ' ' '_' <"$t/comm") $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "$t/stat")"
  done 2>/dev/null
}
threads >"$tmp/threads0"
c0=$(cpu); r0=$(rss); t0=$(date +%s.%N)
# the responder's CPU time every 5 s, next to the generator's progress lines: the marginal cost per setup
( while sleep 5; do echo "responder CPU $(( ($(cpu) - c0) * 1000 / tck )) ms, RSS $(rss) KiB"; done ) &
sampler=$!
ip netns exec jb-ld taskset -c "$pin_ld" "$java" -jar "$jar" bench ike --target 192.0.2.2 --count "$count" "$@" \
  | awk '/^ *[0-9]+s / && ++n % 5 != 0 { next } { print }' || true
kill $sampler 2>/dev/null || true
sleep 0.5
c1=$(cpu); r1=$(rss); t1=$(date +%s.%N)
threads >"$tmp/threads1"
if [[ -n "${HISTO:-}" && $who == jiked ]]; then
  "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd" "$pid" GC.class_histogram | head -${HISTO}
fi
awk -v c0=$c0 -v c1=$c1 -v t=$tck -v n=$count -v r0=$r0 -v r1=$r1 -v who=$who -v w0=$t0 -v w1=$t1 'BEGIN {
  printf "%s responder: CPU %.2f s for %d setups = %.3f ms per setup; RSS %d -> %d KiB (%.1f KiB per tunnel)\n",
    who, (c1-c0)/t, n, (c1-c0)/t*1000/n, r0, r1, (r1-r0)/n
  printf "%s responder: %.2f cores busy on average over the %.1f s of the run\n", who, (c1-c0)/t/(w1-w0), w1-w0 }'
# per thread: CPU during the run, busiest first
awk -v t=$tck 'NR == FNR { before[$1] = $3; next }
  { d = ($3 - before[$1]) / t; if (d >= 0.05) printf "  thread %-16s %7.2f s\n", $2, d }' \
  "$tmp/threads0" "$tmp/threads1" | sort -k3 -nr | head -8
