package io.predlog.agent.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FailureDescriptionTest {

    @Test
    void aPlainFailureIsItsTypeAndMessage() {
        assertEquals(": java.lang.IllegalStateException: full", Diagnostics.describe(new IllegalStateException("full")));
        assertEquals(": java.lang.NullPointerException", Diagnostics.describe(new NullPointerException()));
        assertEquals("", Diagnostics.describe(null));
    }

    @Test
    void aWrappedFailureNamesItsRootCauseAndWhereItWasThrown() {
        IllegalArgumentException root = new IllegalArgumentException("no such type");
        root.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("com.example.Pool", "describe", "Pool.java", 42)});
        String described = Diagnostics.describe(new ExceptionInInitializerError(new RuntimeException(root)));
        assertEquals(": java.lang.ExceptionInInitializerError (caused by java.lang.IllegalArgumentException:"
                + " no such type at com.example.Pool.describe(Pool.java:42))", described);
    }

    @Test
    void aCauseThatPointsAtItselfEndsTheWalk() {
        Throwable loop = new Throwable("a") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertEquals(": " + loop.getClass().getName() + ": a", Diagnostics.describe(loop));
    }
}
