package io.predlog.agent.otel;

import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.context.RequestIds;
import io.predlog.agent.diagnostics.Diagnostics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace id of the current OpenTelemetry span as a request id, against a fake API ({@code fakeapi}) that an
 * application's own class loader holds: a throwaway loader the agent can reach only through the thread's context
 * class loader, as in a real application.
 */
class OpenTelemetryTraceIdsTest {

    private static final String SPAN = "io.predlog.agent.otel.fakeapi.Span";
    private static final String SPAN_CONTEXT = "io.predlog.agent.otel.fakeapi.SpanContext";
    private static final String AGENT_SPAN = "absent.shaded.Span";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final OpenTelemetryTraceIds traceIds =
            new OpenTelemetryTraceIds(AGENT_SPAN, "absent.shaded.SpanContext", SPAN, SPAN_CONTEXT);
    private final ClassLoader original = Thread.currentThread().getContextClassLoader();

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(original);
        RequestIdSource.ambient(null);
    }

    /** A loader of its own (parent: the platform loader) holding a private copy of the fake API. */
    private static URLClassLoader applicationLoader() {
        URL classes = OpenTelemetryTraceIdsTest.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
    }

    /** Runs {@code body} with a span of this trace id current in the application's copy of the API. */
    private static <T> T inSpan(ClassLoader app, String traceId, Callable<T> body) throws Exception {
        Class<?> span = Class.forName(SPAN, true, app);
        @SuppressWarnings("unchecked")
        ThreadLocal<Object> current = (ThreadLocal<Object>) span.getField("CURRENT").get(null);
        current.set(span.getMethod("withTraceId", String.class).invoke(null, traceId));
        try {
            return body.call();
        } finally {
            current.remove();
        }
    }

    private static String newRequestId() {
        return RequestIdSource.newRequestId(new byte[RequestIds.LENGTH]);
    }

    @Test
    void aValidTraceIdIs32LowercaseHexNotAllZero() {
        assertTrue(SpanReader.isValidTraceId(TRACE_ID));
        assertFalse(SpanReader.isValidTraceId("00000000000000000000000000000000"), "the invalid span's id");
        assertFalse(SpanReader.isValidTraceId("4BF92F3577B34DA6A3CE929D0E0E4736"), "upper case");
        assertFalse(SpanReader.isValidTraceId(TRACE_ID.substring(1)));
        assertFalse(SpanReader.isValidTraceId(TRACE_ID + "0"));
        assertFalse(SpanReader.isValidTraceId("4bf92f3577b34da6a3ce929d0e0e473g"));
        assertFalse(SpanReader.isValidTraceId(""));
        assertFalse(SpanReader.isValidTraceId(null));
    }

    @Test
    void withoutOpenTelemetryNothingIsLookedUpAndIdsAreGenerated() throws Exception {
        try (URLClassLoader app = applicationLoader()) {
            Thread.currentThread().setContextClassLoader(app);
            // a span is current, but no Span class was reported loaded: the fast path does not look
            assertNull(inSpan(app, TRACE_ID, traceIds::currentId));
            RequestIdSource.ambient(traceIds);
            String generated = inSpan(app, TRACE_ID, OpenTelemetryTraceIdsTest::newRequestId);
            assertTrue(generated.matches("[0-9a-f]{32}") && !generated.equals(TRACE_ID), generated);
        }
    }

    @Test
    void insideASpanOfTheApplicationsApiARequestTakesItsTraceId() throws Exception {
        try (URLClassLoader app = applicationLoader()) {
            traceIds.classLoaded(SPAN, app);
            Thread.currentThread().setContextClassLoader(app);
            assertEquals(TRACE_ID, inSpan(app, TRACE_ID, traceIds::currentId));
            RequestIdSource.ambient(traceIds);
            assertEquals(TRACE_ID, inSpan(app, TRACE_ID, OpenTelemetryTraceIdsTest::newRequestId));
        }
    }

    @Test
    void outsideAnySpanOrWithAnInvalidTraceIdTheIdIsGenerated() throws Exception {
        try (URLClassLoader app = applicationLoader()) {
            traceIds.classLoaded(SPAN, app);
            Thread.currentThread().setContextClassLoader(app);
            assertNull(traceIds.currentId(), "no span: the API's invalid span, all-zero id");
            assertNull(inSpan(app, "00000000000000000000000000000000", traceIds::currentId));
            assertNull(inSpan(app, "not-a-trace-id", traceIds::currentId));
            RequestIdSource.ambient(traceIds);
            assertTrue(newRequestId().matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void aThreadWhoseContextLoaderDoesNotSeeTheApiGetsNoTraceId() throws Exception {
        try (URLClassLoader app = applicationLoader(); URLClassLoader other = applicationLoader()) {
            traceIds.classLoaded(SPAN, app);
            Thread.currentThread().setContextClassLoader(other); // its own, never started copy
            assertNull(inSpan(app, TRACE_ID, traceIds::currentId));
        }
    }

    @Test
    void aLoaderThatStartsTheApiLaterIsReadFromThen() throws Exception {
        try (URLClassLoader app = applicationLoader(); URLClassLoader other = applicationLoader()) {
            traceIds.classLoaded(SPAN, other); // another application's loader first
            Thread.currentThread().setContextClassLoader(app);
            assertNull(inSpan(app, TRACE_ID, traceIds::currentId), "app has not loaded its Span yet");
            traceIds.classLoaded(SPAN, app);
            assertEquals(TRACE_ID, inSpan(app, TRACE_ID, traceIds::currentId));
        }
    }

    @Test
    void aSpanThatThrowsIsCountedAndTheIdGenerated() throws Exception {
        try (URLClassLoader app = applicationLoader()) {
            traceIds.classLoaded(SPAN, app);
            Thread.currentThread().setContextClassLoader(app);
            long before = Diagnostics.failureCount("otel.trace_id");
            assertNull(inSpan(app, null, traceIds::currentId));
            assertEquals(before + 1, Diagnostics.failureCount("otel.trace_id"));
        }
    }

    @Test
    void theJavaagentRouteIsTakenOnlyForItsBootstrapCopyAndAnUnreadableOneFallsBackToTheApi() throws Exception {
        try (URLClassLoader app = applicationLoader()) {
            Thread.currentThread().setContextClassLoader(app);
            traceIds.classLoaded(AGENT_SPAN, app); // not the bootstrap loader: not the javaagent's copy
            assertNull(inSpan(app, TRACE_ID, traceIds::currentId));
            traceIds.classLoaded(AGENT_SPAN, null); // "loaded" in bootstrap, but not there to read: warned once
            traceIds.classLoaded(SPAN, app);
            assertEquals(TRACE_ID, inSpan(app, TRACE_ID, traceIds::currentId));
        }
    }
}
