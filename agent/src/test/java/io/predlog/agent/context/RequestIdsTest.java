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
}
