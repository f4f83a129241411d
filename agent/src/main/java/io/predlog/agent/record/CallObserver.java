package io.predlog.agent.record;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;

/**
 * Observes every predict and load call that finished, sampled or not, on the thread that finished it (the
 * application's, or the one that completed a returned future): the statistics are one. Called after the call's
 * result is known and before its event is offered; an observer must be quick, must not block, and must copy what
 * it keeps (the input's and output's features are the application's strings and copied samples). A failure is
 * caught and reported; the call is recorded all the same.
 */
public interface CallObserver {

    /**
     * A predict call finished.
     *
     * @param errorType    the exception's class name, or null on success
     * @param input        what the capture took of the input, or null when it was not captured
     * @param output       what the capture took of the output, or null on failure or when it was not captured
     * @param seenBefore   whether the model had been given this input before; null when not known
     */
    void predicted(String target, String modelId, String modelVersion, long latencyNanos, String errorType,
                   CapturedInput input, CapturedOutput output, Boolean seenBefore);

    /** A load call finished (or its constructor failed). */
    void loaded(String target, String modelId, String modelVersion, long loadNanos, boolean succeeded);
}
