#!/usr/bin/env bash
# The TAXII benchmark (docs/benchmarks.md): builds the jar and the load tool, then drives a
# server process (-Xmx512m) over HTTP at each collection size. Extra arguments go to the tool,
# e.g. bench/taxii.sh --sizes 10000 --db postgresql://postgres@127.0.0.1:5432/tearline_bench
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  org.tearline.bench.TaxiiBench --jar target/tearline.jar --work target/bench "$@"
