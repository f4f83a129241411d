package io.predlog.agent.bootstrap;

/**
 * The only class that advice woven into application classes calls. Served by the bootstrap class loader, so it
 * resolves from every class loader; it knows nothing but {@link CallRecorder}, and it swallows every
 * {@link Throwable} so that nothing the agent does can reach the application.
 */
public final class PredlogBridge {

    private static volatile CallRecorder recorder;

    private PredlogBridge() {
    }

    /** Installs the recorder that calls are handed to; null uninstalls (advice then records nothing). */
    public static void install(CallRecorder newRecorder) {
        recorder = newRecorder;
    }

    /** Entry point of the woven enter advice. Never throws. */
    public static Object enter(int targetId, String method, Object self, Object[] args) {
        CallRecorder r = recorder;
        if (r == null) {
            return null;
        }
        try {
            return r.enter(targetId, method, self, args);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Entry point of the woven exit advice. Never throws. */
    public static void exit(Object scope, Object self, Object returned, Throwable thrown) {
        if (scope == null) {
            return;
        }
        CallRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.exit(scope, self, returned, thrown);
        } catch (Throwable t) {
            // swallowed: the application's call completes exactly as it would without the agent
        }
    }
}
