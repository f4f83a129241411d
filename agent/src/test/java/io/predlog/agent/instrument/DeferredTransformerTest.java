package io.predlog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.predlog.agent.diagnostics.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeferredTransformerTest {

    private static final byte[] CLASS_FILE = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE};
    private static final byte[] WOVEN = {1, 2, 3};
    private static final ClassLoader APP = DeferredTransformerTest.class.getClassLoader();

    /** What Byte Buddy's transformer stands for here: weaves every class it is given. */
    private static final ClassFileTransformer WEAVER = new ClassFileTransformer() {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classfileBuffer) {
            return WOVEN;
        }
    };

    private static DeferredTransformer onlyModels() {
        return new DeferredTransformer("test", (name, classFile, loader) -> name.startsWith("com.example.model."));
    }

    private static byte[] load(DeferredTransformer t, ClassLoader loader, String internalName) {
        return t.transform(null, loader, internalName, null, null, CLASS_FILE);
    }

    @Test
    void aClassNoTargetCanApplyToLoadsAtOnceWhileTheTransformerIsBuilt() {
        assertNull(load(onlyModels(), APP, "com/example/web/Controller"));
    }

    @Test
    void aCandidateWaitsForTheTransformerThenIsWovenByIt() throws Exception {
        DeferredTransformer t = onlyModels();
        CountDownLatch loading = new CountDownLatch(1);
        CompletableFuture<byte[]> loaded = CompletableFuture.supplyAsync(() -> {
            loading.countDown();
            return load(t, APP, "com/example/model/Scorer");
        });
        assertTrue(loading.await(5, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertFalse(loaded.isDone(), "the class waits while the transformer is built");
        t.ready(WEAVER);
        assertArrayEquals(WOVEN, loaded.get(5, TimeUnit.SECONDS));
        assertArrayEquals(WOVEN, load(t, APP, "com/example/model/Other"), "and later ones go straight to it");
        assertNull(load(t, APP, "com/example/web/Controller"), "the filter still turns the others away");
    }

    @Test
    void theBootstrapLoadersClassesAndRetransformationsOfThemNeverWait() {
        DeferredTransformer t = new DeferredTransformer("test", (name, classFile, loader) -> true);
        assertNull(load(t, null, "java/lang/Thread"));
        assertNull(t.transform(null, null, "java/lang/Thread", Thread.class, null, CLASS_FILE));
    }

    @Test
    void aTransformerThatCouldNotBeBuiltLetsEveryClassLoadUnwoven() {
        DeferredTransformer t = onlyModels();
        t.failed();
        assertNull(load(t, APP, "com/example/model/Scorer"));
    }

    @Test
    void aRetransformationPassesTheFilterAndIsWoven() {
        DeferredTransformer t = new DeferredTransformer("test", (name, classFile, loader) -> false);
        t.ready(WEAVER);
        assertArrayEquals(WOVEN, t.transform(null, APP, "com/example/web/Controller", Object.class, null,
                CLASS_FILE), "asked for on purpose: the filter does not apply");
    }

    @Test
    void theWeavingThreadNeverWaitsForItsOwnWork() throws Exception {
        DeferredTransformer t = onlyModels();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        CountDownLatch finished = new CountDownLatch(1);
        WeavingThread.start(List.of(new WeavingThread.Step("test",
                () -> result.complete(load(t, APP, "com/example/model/Scorer")))), finished::countDown);
        assertTrue(finished.await(5, TimeUnit.SECONDS), "it did not wait " + DeferredTransformer.MAX_WAIT_MILLIS
                + " ms for itself");
        assertNull(result.get());
    }

    @Test
    void theWeavingThreadRunsEveryStepInOrderThroughFailuresThenSaysItFinished() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        WeavingThread.start(List.of(
                new WeavingThread.Step("first", () -> ran.add("first")),
                new WeavingThread.Step("broken", () -> {
                    throw new IllegalStateException("cannot weave");
                }),
                new WeavingThread.Step("last", () -> ran.add("last"))), () -> {
                    ran.add("finished");
                    finished.countDown();
                });
        assertTrue(finished.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("first", "last", "finished"), ran);
        assertEquals(1, Diagnostics.failureCount("start:broken"));
    }

    @Test
    void whenNoThreadCanBeStartedTheStepsRunOnTheCallingThreadWhichNeverWaitsForThem() {
        DeferredTransformer t = onlyModels();
        List<String> ran = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        WeavingThread.start(List.of(
                new WeavingThread.Step("load", () -> ran.add(load(t, APP, "com/example/model/Early") == null
                        ? "not woven, did not wait" : "woven")),
                new WeavingThread.Step("build", () -> t.ready(WEAVER)),
                new WeavingThread.Step("where", () -> ran.add(Thread.currentThread() == caller ? "caller" : "other"))),
                () -> ran.add("finished"),
                work -> new Thread(work) {
                    @Override
                    public synchronized void start() {
                        throw new OutOfMemoryError("unable to create native thread");
                    }
                });
        assertEquals(List.of("not woven, did not wait", "caller", "finished"), ran);
        assertArrayEquals(WOVEN, load(t, APP, "com/example/model/Later"), "built: later classes are woven");
        assertFalse(WeavingThread.isCurrent(), "the caller is not taken for the weaving thread afterwards");
        assertEquals(1, Diagnostics.failureCount("start:weaving-thread"));
    }
}
