#!/usr/bin/env bash
# The threat engine's benchmark (docs/benchmarks.md): matching a new report against 10^5 held
# reports (latency percentiles) and regrouping 10^5 reports from scratch. One JVM (-Xmx2g), no
# store. Extra arguments go to the tool, e.g. bench/threat.sh --reports 100000 --probes 2000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests package test-compile
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
exec java -Xmx2g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  org.tearline.bench.ThreatBench "$@"
