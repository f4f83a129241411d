package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DigestWarmUpTest {

    @Test
    void itStopsWithinItsBoundAndCountsWhatItDid() {
        long bound = TimeUnit.MILLISECONDS.toNanos(40);
        long before = System.nanoTime();
        DigestWarmUp.Result r = DigestWarmUp.run(bound);
        long took = System.nanoTime() - before;
        assertTrue(r.digests() > 0, "it hashed");
        assertTrue(r.nanos() <= took, "its own time is within the call's");
        // one round of digests past the bound at most: 129 digests, tens of milliseconds even interpreted
        assertTrue(took < bound + TimeUnit.MILLISECONDS.toNanos(500), "stopped near its bound: " + took + " ns");
    }

    @Test
    void givenTimeItEndsOnceADigestIsFastOrAtItsBound() {
        long bound = TimeUnit.SECONDS.toNanos(3);
        DigestWarmUp.Result r = DigestWarmUp.run(bound);
        // with the processor's SHA instructions it ends early; without them (or without a JIT) it runs to its bound
        System.out.println("DigestWarmUp: " + r);
        assertTrue(r.compiled() ? r.nanos() < bound : r.nanos() >= bound, r.toString());
    }

    @Test
    void aBoundOfZeroMakesNoDigest() {
        DigestWarmUp.Result r = DigestWarmUp.run(0);
        assertTrue(r.digests() == 0 && !r.compiled(), r.toString());
    }
}
