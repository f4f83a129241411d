#!/usr/bin/env bash
# A one-node Apache Kafka broker (KRaft, broker and controller in one process) on localhost, from the Maven
# artifacts the kafka sink's build resolves, for KafkaSinkThroughput (docs/PERFORMANCE.md, "Fleet sinks"). Runs in
# the foreground until stopped; its data lives in a new temporary directory.
#
#   benchmarks/kafka-broker.sh            # listens on localhost:19092 (PORT=... for another; the controller on PORT+1)
set -euo pipefail
cd "$(dirname "$0")/.."
classpath_file=sinks/kafka/target/broker.classpath
if [[ ! -f "$classpath_file" ]]; then
  mvn -B -ntp -q package -pl sinks/kafka -am -DskipTests
fi
classpath="$(cat "$classpath_file")"
port="${PORT:-19092}"
dir="$(mktemp -d -t predlog-kafka-XXXXXX)"
cat > "$dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$((port + 1))
listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$((port + 1))
advertised.listeners=PLAINTEXT://localhost:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
PROPERTIES
java -cp "$classpath" kafka.tools.StorageTool format -t "$(java -cp "$classpath" kafka.tools.StorageTool random-uuid)" \
  -c "$dir/server.properties" > "$dir/format.log"
echo "kafka-broker: localhost:$port, data in $dir" >&2
exec java -Xmx1g -cp "$classpath" kafka.Kafka "$dir/server.properties"
