package io.predlog.agent.otel.fakeapi;

/** The shape of OpenTelemetry's {@code SpanContext} that predlog relies on. */
public interface SpanContext {
    String getTraceId();
}
