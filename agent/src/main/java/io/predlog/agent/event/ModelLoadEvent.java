package io.predlog.agent.event;

/**
 * A model state change: {@code model_load_start}, {@code model_load_success} or {@code model_load_failure}.
 *
 * @param loadTimeMs   monotonic load time; NaN for START
 * @param memoryMb     estimate of what loading retained; NaN unless SUCCESS and measurable
 * @param memoryMethod how {@code memoryMb} was measured, or null
 * @param memoryHeapMb   of {@code memoryMb}, the growth of the heap in use; NaN when unmeasured
 * @param memoryNativeMb of {@code memoryMb}, the resident growth the heap does not explain; NaN when unmeasured
 * @param modelSha256    SHA-256 (64 lowercase hex characters) of the model file or bytes the load was given, or null
 * @param modelSha256Skipped why a file the load was given was not hashed ({@code too_large}, {@code timeout},
 *                     {@code unreadable}, {@code busy}, {@code shutdown}), or null
 * @param errorType    fully qualified exception class name for FAILURE, else null (may be null for FAILURE
 *                     when the exception could not be observed)
 * @param errorMessage raw exception message (redacted and truncated when encoded), or null
 */
public record ModelLoadEvent(Phase phase, long startEpochMillis, String thread, String requestId, String target,
                             String method, String modelId, String modelVersion, double loadTimeMs,
                             double memoryMb, String memoryMethod, double memoryHeapMb, double memoryNativeMb,
                             String modelSha256, String modelSha256Skipped, String errorType, String errorMessage)
        implements Event {

    /** A {@code model_load_start}. */
    public static ModelLoadEvent start(long startEpochMillis, String thread, String requestId, String target,
                                       String method, String modelId, String modelVersion) {
        return new ModelLoadEvent(Phase.START, startEpochMillis, thread, requestId, target, method, modelId,
                modelVersion, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN, null, null, null, null);
    }

    /** A {@code model_load_failure}. */
    public static ModelLoadEvent failure(long startEpochMillis, String thread, String requestId, String target,
                                         String method, String modelId, String modelVersion, double loadTimeMs,
                                         String errorType, String errorMessage) {
        return new ModelLoadEvent(Phase.FAILURE, startEpochMillis, thread, requestId, target, method, modelId,
                modelVersion, loadTimeMs, Double.NaN, null, Double.NaN, Double.NaN, null, null, errorType,
                errorMessage);
    }

    /** This event with the model file's digest, or the reason it has none (either may be null). */
    public ModelLoadEvent withModelSha256(String sha256, String skipped) {
        return new ModelLoadEvent(phase, startEpochMillis, thread, requestId, target, method, modelId, modelVersion,
                loadTimeMs, memoryMb, memoryMethod, memoryHeapMb, memoryNativeMb, sha256, skipped, errorType,
                errorMessage);
    }

    @Override
    public String name() {
        return switch (phase) {
            case START -> "model_load_start";
            case SUCCESS -> "model_load_success";
            case FAILURE -> "model_load_failure";
        };
    }

    @Override
    public Level level() {
        return phase == Phase.FAILURE ? Level.ERROR : Level.INFO;
    }
}
