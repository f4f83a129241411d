package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.LibraryInputBridge;
import io.predlog.agent.bootstrap.LibraryInputObserver;
import ml.dmlc.xgboost4j.java.DMatrix;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The real XGBoost4J {@code DMatrix} class woven as the agent weaves it (the loaded class redefined for the test):
 * its dense constructor reports the new matrix and its arguments, and {@code dispose()} reports the matrix released
 * once it has freed the native copy.
 */
class LibraryInputsTest {

    private static final String NAME = "ml.dmlc.xgboost4j.java.DMatrix";

    /** What the woven code reported, in order. */
    private static final class Recording implements LibraryInputObserver {
        final List<String> calls = new ArrayList<>();
        final List<Object> objects = new ArrayList<>();
        Object[] arguments;

        @Override
        public void built(Object built, Object[] arguments) {
            calls.add("built");
            objects.add(built);
            this.arguments = arguments;
        }

        @Override
        public void released(Object released) {
            calls.add("released");
            objects.add(released);
        }
    }

    @AfterEach
    void uninstall() {
        LibraryInputBridge.install(null);
    }

    private static byte[] classFile() throws Exception {
        try (InputStream in = DMatrix.class.getResourceAsStream("DMatrix.class")) {
            return in.readAllBytes();
        }
    }

    /** The class file of {@code DMatrix} after the library-inputs transformer. */
    private static byte[] wovenDMatrix(byte[] original) throws Exception {
        Instrumentation instrumentation = mock(Instrumentation.class);
        Runnable build = LibraryInputs.install(instrumentation);
        ArgumentCaptor<ClassFileTransformer> added = ArgumentCaptor.forClass(ClassFileTransformer.class);
        verify(instrumentation).addTransformer(added.capture(), eq(false));
        build.run();
        byte[] woven = added.getValue().transform(null, LibraryInputsTest.class.getClassLoader(),
                NAME.replace('.', '/'), null, null, original);
        assertNotNull(woven, "the transformer weaves DMatrix");
        return woven;
    }

    /**
     * Runs {@code test} with the loaded {@code DMatrix} class redefined as woven (advice adds no member, so a
     * redefinition takes it), then puts the library's own class file back.
     */
    private static void withWovenDMatrix(ThrowingRunnable test) throws Exception {
        Instrumentation instrumentation = ByteBuddyAgent.install();
        byte[] original = classFile();
        instrumentation.redefineClasses(new ClassDefinition(DMatrix.class, wovenDMatrix(original)));
        try {
            test.run();
        } finally {
            instrumentation.redefineClasses(new ClassDefinition(DMatrix.class, original));
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aDenseMatrixIsReportedBuiltAndThenReleasedWhenDisposed() throws Exception {
        Recording seen = new Recording();
        LibraryInputBridge.install(seen);
        withWovenDMatrix(() -> {
            float[] rows = {1f, 2f, 3f, 4f, 5f, 6f};
            DMatrix matrix = new DMatrix(rows, 2, 3, Float.NaN);
            assertEquals(List.of("built"), seen.calls);
            assertSame(matrix, seen.objects.get(0));
            assertArrayEquals(new Object[] {rows, 2, 3, Float.NaN}, seen.arguments);
            assertEquals(2L, matrix.rowNum(), "the library's own code runs as before");

            matrix.dispose();
            assertEquals(List.of("built", "released"), seen.calls);
            assertSame(matrix, seen.objects.get(1));
            matrix.dispose(); // a second dispose frees nothing and is reported again: harmless
            assertEquals(List.of("built", "released", "released"), seen.calls);
        });
    }

    @Test
    void withNoObserverTheWovenMatrixWorksAsTheLibrarysOwn() throws Exception {
        withWovenDMatrix(() -> {
            DMatrix matrix = new DMatrix(new float[] {1f, 2f, 3f}, 1, 3, Float.NaN);
            assertEquals(1L, matrix.rowNum());
            matrix.dispose();
        });
    }
}
