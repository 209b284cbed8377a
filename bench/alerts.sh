#!/usr/bin/env bash
# The alert benchmark (docs/benchmarks.md): from an event's commit to its webhooks' arrival,
# 100 subscriptions on an HTTPS receiver on loopback. Extra arguments go to the tool, e.g.
# bench/alerts.sh --rounds 30 --subscriptions 100
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  org.tearline.bench.AlertBench --work target/bench-alerts "$@"
