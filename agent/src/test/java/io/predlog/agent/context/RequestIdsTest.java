package io.predlog.agent.context;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdsTest {

    @Test
    void generatedIdsAre32LowercaseHexAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestIds.generate(new byte[RequestIds.LENGTH]);
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertTrue(seen.add(id), "duplicate id " + id);
        }
        assertEquals(100_000, seen.size());
    }

    /** Ids laid out in one reused scratch array are whole Strings of their own, unchanged by the next id. */
    @Test
    void idsMadeInAReusedScratchAreIndependentAndDistinct() {
        byte[] scratch = new byte[RequestIds.LENGTH];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIdSource.newRequestId(scratch));
        }
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertTrue(seen.add(id), "duplicate id " + id);
        }
        assertEquals(new String(scratch, java.nio.charset.StandardCharsets.ISO_8859_1), ids.get(ids.size() - 1),
                "the scratch holds the last id's characters, and no earlier id changed with it");
    }

    @Test
    void inboundIdIsAdoptedOnlyWhenNonBlankPrintableAsciiAndAtMost128Chars() {
        assertTrue(RequestIds.isAdoptable("req-42"));
        assertTrue(RequestIds.isAdoptable("x".repeat(128)));
        assertFalse(RequestIds.isAdoptable("x".repeat(129)));
        assertFalse(RequestIds.isAdoptable(null));
        assertFalse(RequestIds.isAdoptable(""));
        assertFalse(RequestIds.isAdoptable("   "));
        assertFalse(RequestIds.isAdoptable("tab\there"));
        assertFalse(RequestIds.isAdoptable("caf\u00e9"));
    }

    @Test
    void aRequestBelongsToOneThreadAndEndsWithItsOwner() throws Exception {
        RequestContext context = RequestContext.current();
        context.begin("abc");
        String[] seenElsewhere = new String[1];
        Thread other = new Thread(() -> seenElsewhere[0] = RequestContext.current().requestId());
        other.start();
        other.join();
        assertEquals("abc", context.requestId());
        assertEquals(null, seenElsewhere[0]);
        context.end();
        assertFalse(context.active());
    }

    @Test
    void anIdHeldAsTwoNumbersIsTheirSixteenHexDigitsEach() {
        assertEquals("0123456789abcdeffedcba9876543210", RequestIds.text(0x0123456789abcdefL, 0xfedcba9876543210L));
        assertEquals("000000000000000a0000000000000001", RequestIds.text(10, 1));
        byte[] out = new byte[40];
        RequestIds.hex(-1L, 0, out, 4);
        assertEquals("ffffffffffffffff0000000000000000",
                new String(out, 4, RequestIds.LENGTH, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(1, RequestIds.nonZeroLow(0, 0), "the all-zero trace-id is invalid");
        assertEquals(0, RequestIds.nonZeroLow(5, 0));
    }

    /** A generated request is active at once, and its text is made when asked for, once, from its numbers. */
    @Test
    void aGeneratedRequestMakesItsTextOnlyWhenAskedAndKeepsIt() {
        RequestContext context = RequestContext.current();
        context.beginGenerated();
        try {
            assertTrue(context.active());
            assertTrue(context.generatedId());
            assertEquals(null, context.requestIdText(), "no text until something asks");
            String id = context.requestId();
            assertEquals(RequestIds.text(context.idHigh(), context.idLow()), id);
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertTrue(id == context.requestId() && id == context.requestIdText(), "made once, then kept");
        } finally {
            context.end();
        }
        assertFalse(context.active());
        assertFalse(context.generatedId());
        assertEquals(null, context.requestId());

        context.begin("inbound-1");
        assertFalse(context.generatedId(), "an inbound id is text");
        assertEquals("inbound-1", context.requestId());
        context.end();
    }

    /** Handed-off work restores the generated id it replaced, as text. */
    @Test
    void replacingAGeneratedIdReturnsItsText() {
        RequestContext context = RequestContext.current();
        context.beginGenerated();
        String expected = RequestIds.text(context.idHigh(), context.idLow());
        String previous = context.replace("carried-in");
        assertEquals(expected, previous);
        assertEquals("carried-in", context.requestId());
        context.replace(previous);
        assertEquals(expected, context.requestId());
        context.end();
        assertFalse(context.active());
    }

    /** The logging context's observer gets the generated id's text when it asks, and hears the request end. */
    @Test
    void theObserverSeesAGeneratedIdAsText() {
        List<String> seen = new ArrayList<>();
        RequestContext.observe(c -> seen.add(String.valueOf(c.requestId())));
        try {
            RequestContext context = RequestContext.current();
            context.beginGenerated();
            String id = context.requestIdText();
            context.end();
            context.end(); // no request: nothing to tell
            assertEquals(List.of(id, "null"), seen);
        } finally {
            RequestContext.observe(null);
        }
    }
}
