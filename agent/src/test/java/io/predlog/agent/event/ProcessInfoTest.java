package io.predlog.agent.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessInfoTest {

    @Test
    void theCurrentProcessHasItsPidAHostAndTheGivenServiceWithoutALongWait() {
        long started = System.nanoTime();
        ProcessInfo info = ProcessInfo.current("svc");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("svc", info.service());
        assertEquals(ProcessHandle.current().pid(), info.pid());
        assertFalse(info.host().isBlank());
        assertTrue(tookMillis < ProcessInfo.HOST_LOOKUP_TIMEOUT_MILLIS + 1_000, "took " + tookMillis + " ms");
    }
}
