package io.predlog.agent.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceParentTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aValidVersion00HeaderGivesItsTraceId() {
        assertEquals(TRACE_ID, TraceParent.traceId("00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
        assertEquals(TRACE_ID, TraceParent.traceId("00-" + TRACE_ID + "-00f067aa0ba902b7-00"), "not sampled: still an id");
        assertEquals(TRACE_ID, TraceParent.traceId("  00-" + TRACE_ID + "-00f067aa0ba902b7-01 "), "blanks around");
    }

    @Test
    void invalidHeadersGiveNothing() {
        assertNull(TraceParent.traceId(null));
        assertNull(TraceParent.traceId(""));
        assertNull(TraceParent.traceId("01-" + TRACE_ID + "-00f067aa0ba902b7-01"), "only version 00");
        assertNull(TraceParent.traceId("ff-" + TRACE_ID + "-00f067aa0ba902b7-01"), "version ff is invalid");
        assertNull(TraceParent.traceId("00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01"), "lowercase hex only");
        assertNull(TraceParent.traceId("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"), "all-zero trace-id");
        assertNull(TraceParent.traceId("00-" + TRACE_ID + "-0000000000000000-01"), "all-zero parent-id");
        assertNull(TraceParent.traceId("00-" + TRACE_ID + "-00f067aa0ba902b7-0g"), "flags are hex");
        assertNull(TraceParent.traceId("00-" + TRACE_ID.substring(1) + "-00f067aa0ba902b7-01"), "31 hex");
        assertNull(TraceParent.traceId("00-" + TRACE_ID + "-00f067aa0ba902b7-01-extra"), "version 00 has 4 parts");
        assertNull(TraceParent.traceId("00_" + TRACE_ID + "_00f067aa0ba902b7_01"), "separators");
        assertNull(TraceParent.traceId("00-" + TRACE_ID.replace('4', 'z') + "-00f067aa0ba902b7-01"), "not hex");
    }

    @Test
    void anOutboundHeaderContinuesARequestIdThatIsATraceId() {
        String header = TraceParent.forRequest(TRACE_ID);
        assertTrue(header.matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01"), header);
        assertEquals(TRACE_ID, TraceParent.traceId(header), "what predlog writes, predlog reads");
        assertTrue(!header.equals(TraceParent.forRequest(TRACE_ID)), "a new parent-id each call");
    }

    @Test
    void noOutboundHeaderForIdsThatAreNoTraceIds() {
        assertNull(TraceParent.forRequest("req-abc-123"));
        assertNull(TraceParent.forRequest(TRACE_ID.toUpperCase()));
        assertNull(TraceParent.forRequest("0".repeat(32)));
        assertNull(TraceParent.forRequest(null));
    }
}
