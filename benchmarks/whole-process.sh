#!/usr/bin/env bash
# What the whole process pays for predlog, against no agent and the OpenTelemetry Java agent, in fresh JVMs
# alternated round after round; prints a markdown table of medians (docs/PERFORMANCE.md, "Whole process").
#
#   benchmarks/whole-process.sh                 # every case, 3 rounds (about 17 minutes on an idle 2-core machine)
#   benchmarks/whole-process.sh --quick         # a smoke run: shorter cases, 1 round
#   benchmarks/whole-process.sh --profile       # the 18-feature case under JFR: CPU per thread and top frames
#   benchmarks/whole-process.sh --rounds 5 --cases map18-typical,threads64
#   benchmarks/whole-process.sh --cases map18-typical --baseline /tmp/before.jar   # a change against the build
#                                                                                  # before it, in the same rounds
#
# Builds the agent, the sample service, the Spring Boot test service and the benchmarks if their jars are missing,
# and fetches the OpenTelemetry Java agent with Maven into benchmarks/target/otel (OTEL_VERSION, default 2.33.1;
# 2.21.0 when that does not resolve). Never committed, never installed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f agent/target/predlog-agent.jar || ! -f sample-app/target/predlog-sample-app.jar
      || ! -f test-apps/spring-boot-app/target/predlog-spring-boot-app-exec.jar
      || ! -f benchmarks/target/predlog-benchmarks.jar ]]; then
  mvn -B -ntp -q package -pl agent,sample-app,test-apps/spring-boot-app,benchmarks -am -DskipTests
fi

otel_jar=""
for version in "${OTEL_VERSION:-2.33.1}" 2.21.0; do
  jar="benchmarks/target/otel/opentelemetry-javaagent-$version.jar"
  if [[ -f "$jar" ]] || mvn -B -ntp -q -N org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
      "-Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$version" \
      -DoutputDirectory=benchmarks/target/otel >&2; then
    otel_jar="$jar"
    break
  fi
  echo "whole-process: the OpenTelemetry Java agent $version did not resolve" >&2
done
if [[ -z "$otel_jar" ]]; then
  echo "whole-process: no OpenTelemetry Java agent: measuring predlog against no agent only" >&2
fi

exec java -cp benchmarks/target/predlog-benchmarks.jar io.predlog.benchmarks.wholeprocess.WholeProcessBenchmark \
  --agent agent/target/predlog-agent.jar --sample-app sample-app/target/predlog-sample-app.jar \
  --sample-config agent.properties.example \
  --spring-app test-apps/spring-boot-app/target/predlog-spring-boot-app-exec.jar ${otel_jar:+--otel "$otel_jar"} "$@"
