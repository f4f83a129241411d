package io.predlog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
        assertSame(advice.oneArgument(false), advice.oneArgument(false));
        assertSame(advice.oneArgument(true), advice.oneArgument(true));
        assertNotSame(advice.oneArgument(false), advice.oneArgument(true));
        assertNotSame(advice.oneArgument(false), advice.direct());
        assertNotSame(advice.oneArgument(true), advice.checked());
    }

    /** A constructor's advice has no one-argument form: its methods get the target's own advice. */
    @Test
    void aConstructorTargetHasNoOneArgumentForm() {
        TargetAdvice advice = new TargetAdvice(1, AdviceTypes.of(ConstructorAdvice.class), METHOD_ADVICE);
        assertSame(advice.direct(), advice.oneArgument(false));
        assertSame(advice.checked(), advice.oneArgument(true));
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
