package io.predlog.sink.otlp;

/**
 * Where an event happened, OTLP's {@code Resource}: the event's {@code service}, {@code host} and {@code pid}, as
 * the resource attributes {@code service.name}, {@code host.name} and {@code process.pid}. Records of one origin
 * share one {@code ResourceLogs} in a request; events spooled by an earlier run of the service have another pid.
 *
 * @param pid the process id, or -1 when the event has none
 */
record Origin(String service, String host, long pid) {
}
