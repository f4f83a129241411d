package io.predlog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** Each variant of a target's advice is made once, whichever thread asks first, and the variants differ. */
class TargetAdviceTest {

    private static final TypeDescription METHOD_ADVICE = AdviceTypes.of(MethodAdvice.class);

    @Test
    void eachVariantIsMadeOnceAndTheyDiffer() {
        TargetAdvice advice = new TargetAdvice(3, METHOD_ADVICE, METHOD_ADVICE);
        assertSame(advice.direct(), advice.direct());
        assertSame(advice.checked(), advice.checked());
        assertSame(advice.classInit(), advice.classInit());
        assertNotSame(advice.direct(), advice.checked());
        assertNotSame(advice.direct(), advice.classInit());
        assertNotSame(advice.checked(), advice.classInit());
        for (boolean checkReceiver : new boolean[] {false, true}) {
            Advice plain = checkReceiver ? advice.checked() : advice.direct();
            assertSame(plain, advice.method(checkReceiver, false, TargetAdvice.Returns.OBJECT),
                    "several parameters, an object returned: the target's own advice");
            Set<Advice> shaped = Collections.newSetFromMap(new IdentityHashMap<>());
            shaped.add(plain);
            for (boolean one : new boolean[] {false, true}) {
                for (TargetAdvice.Returns returns : TargetAdvice.Returns.values()) {
                    Advice a = advice.method(checkReceiver, one, returns);
                    assertSame(a, advice.method(checkReceiver, one, returns), "made once");
                    if (one || returns != TargetAdvice.Returns.OBJECT) {
                        assertTrue(shaped.add(a), "a variant of its own: " + one + " " + returns);
                    }
                }
            }
            assertEquals(6, shaped.size());
        }
        assertNotSame(advice.method(false, true, TargetAdvice.Returns.DOUBLE),
                advice.method(true, true, TargetAdvice.Returns.DOUBLE));
    }

    /** A constructor's advice has no other form: its methods get the target's own advice. */
    @Test
    void aConstructorTargetHasNoOtherForm() {
        TargetAdvice advice = new TargetAdvice(1, AdviceTypes.of(ConstructorAdvice.class), METHOD_ADVICE);
        for (TargetAdvice.Returns returns : TargetAdvice.Returns.values()) {
            assertSame(advice.direct(), advice.method(false, true, returns));
            assertSame(advice.checked(), advice.method(true, true, returns));
        }
    }

    @Test
    void threadsAskingAtOnceGetTheSameAdvice() throws Exception {
        TargetAdvice advice = new TargetAdvice(0, AdviceTypes.of(ConstructorAdvice.class), METHOD_ADVICE);
        // by identity: advice made twice would be equal, not the same
        Set<Advice> checked = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        Set<Advice> classInits = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                checked.add(advice.checked());
                classInits.add(advice.classInit());
            });
            threads[i].start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, checked.size());
        assertEquals(1, classInits.size());
    }
}
