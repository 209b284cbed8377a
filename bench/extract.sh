#!/usr/bin/env bash
# The extraction benchmark (docs/benchmarks.md): 1 MB of advisory text through intake's
# extraction engine, as one page and as PDF-sized pages, one thread. Extra arguments go to the
# tool, e.g. bench/extract.sh --bytes 1000000 --rounds 7
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
exec java -Xmx1g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  org.tearline.bench.ExtractionBench "$@"
