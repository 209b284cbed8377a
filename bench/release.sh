#!/usr/bin/env bash
# The release benchmark (docs/benchmarks.md): materialising three audiences' views, recomputing
# after a policy change, view against raw reads, and what receipts and the disclosure log cost.
# Runs in one JVM (-Xmx1g) over a fresh embedded store per run. Extra arguments go to the tool,
# e.g. bench/release.sh --objects 100000 --more 20000 --rounds 2 --out target/release.json
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
exec java -Xmx1g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  org.tearline.bench.ReleaseBench --work target/bench-release "$@"
