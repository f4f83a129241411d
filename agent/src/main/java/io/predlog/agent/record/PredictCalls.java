package io.predlog.agent.record;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.context.RequestContext;
import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.inflight.InflightTable;
import io.predlog.agent.sampling.Sampler;

/**
 * Predict targets: the input captured at enter (before the model can change it), the call measured, the output
 * captured, the model named, the observers told, and {@code prediction_success}/{@code prediction_failure} offered
 * when the sampler keeps it.
 */
final class PredictCalls extends CallKind {

    /** A predict call in progress. */
    static final class PredictScope extends Scope {
        /** What the sampler decided at enter ({@code Sampler.KEPT}…). */
        byte sampling;
        /** The input captured at enter; null when capture failed or was left for exit. */
        CapturedInput input;
        /**
         * The call's arguments, kept for identity expressions evaluated at exit ({@code model_id = arg0}) and for a
         * call sampled out at enter that is kept after all (failed or slow) and captured then.
         */
        Object[] args;
        /** The arguments of a call of a method with one parameter ({@link CallKind#enterOne}); emptied at its end. */
        final Object[] onlyArgument = new Object[1];
        /** Where the thread's calls in this scope have their input and output captured, one call after another. */
        final CapturedInput inputHolder = new CapturedInput();
        final CapturedOutput outputHolder = new CapturedOutput();

        /**
         * What the call returned when it is a {@code double} or {@code float} handed over as it is
         * ({@link Recorder#exitNumber}), with {@link #returnedType} {@link #RETURNED_DOUBLE} or
         * {@link #RETURNED_FLOAT}; the exit's {@code returned} is then null.
         */
        double returnedNumber;
        byte returnedType;

        PredictScope(CallKind kind, TargetRuntime target, String method, String requestId, boolean ownsRequest) {
            super(kind, target, method, requestId, ownsRequest, System.currentTimeMillis());
        }

        /** As made, for another call: its last call's input and arguments were let go by {@link PredictCalls#ended}. */
        PredictScope again(CallKind kind, TargetRuntime target, String method, String requestId, boolean ownsRequest) {
            begin(kind, target, method, requestId, ownsRequest, System.currentTimeMillis());
            returnedType = RETURNED_OBJECT;
            return this;
        }

        /** The call returned {@code value}, a {@code double}, or when {@code single} a {@code float} widened. */
        void returnedNumber(double value, boolean single) {
            returnedNumber = value;
            returnedType = single ? RETURNED_FLOAT : RETURNED_DOUBLE;
        }

        /** What the call returned as an object: {@code returned}, or the box of the number it handed over. */
        Object returned(Object returned) {
            return switch (returnedType) {
                case RETURNED_DOUBLE -> returnedNumber;
                case RETURNED_FLOAT -> (float) returnedNumber;
                default -> returned;
            };
        }
    }

    /** {@link PredictScope#returnedType}: the value is the exit's {@code returned}. */
    static final byte RETURNED_OBJECT = 0;
    /** {@link PredictScope#returnedType}: a {@code double} in {@link PredictScope#returnedNumber}. */
    static final byte RETURNED_DOUBLE = 1;
    /** {@link PredictScope#returnedType}: a {@code float}, widened, in {@link PredictScope#returnedNumber}. */
    static final byte RETURNED_FLOAT = 2;

    /** Per class of {@code this}: its default {@code model_id}, worked out once (not a reflective call per event). */
    private static final ClassValue<String> DEFAULT_MODEL_IDS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return GeneratedClasses.userClass(type).getSimpleName();
        }
    };

    private final LoadCalls loads;

    PredictCalls(CallSupport support, LoadCalls loads) {
        super(support);
        this.loads = loads;
    }

    @Override
    LoadCalls loads() {
        return loads;
    }

    @Override
    Scope enter(RequestContext context, TargetRuntime target, String method, Object self, Object[] args) {
        return begin(context, target, method, self, args, null);
    }

    /** As {@link #enter}, with the one argument held in the scope's own array: the call allocates none. */
    @Override
    Scope enterOne(RequestContext context, TargetRuntime target, String method, Object self, Object arg) {
        return begin(context, target, method, self, null, arg);
    }

    /** A call starts with {@code args}, or, when null, with {@code onlyArg} as its one argument. */
    private Scope begin(RequestContext context, TargetRuntime target, String method, Object self, Object[] args,
                        Object onlyArg) {
        boolean owns = !context.active();
        if (owns) {
            RequestIdSource.beginRequest(context); // a generated id stays two numbers: the event writes its digits
        }
        PredictScope scope = context.takeSpareScope() instanceof PredictScope spare
                ? spare.again(this, target, method, null, owns)
                : new PredictScope(this, target, method, null, owns);
        scope.requestOf(context);
        if (args == null) {
            args = scope.onlyArgument;
            args[0] = onlyArg;
        }
        scope.constructorMark = context.openConstructors();
        Sampler sampler = support.recording.sampler();
        double rate = target.spec().sampleSuccess();
        scope.sampling = scope.generatedId && scope.requestId == null
                ? sampler.decide(scope.idHigh, scope.idLow, rate, 1) : sampler.decide(scope.requestId, rate, 1);
        if (scope.sampling == Sampler.KEPT || support.captureAll) {
            captureInput(scope, self, args);
        }
        ModelIdentity known = support.recording.inflight() == null ? null : support.recording.models().lookup(self);
        support.inflightBegin(scope, InflightTable.PREDICT, known == null ? null : known.modelId(),
                known == null ? null : known.modelVersion(), scope.input);
        if (scope.sampling != Sampler.KEPT || target.modelId() != null || target.modelVersion() != null) {
            scope.args = args;
        }
        scope.startNanos = System.nanoTime(); // latency is the call's own, not the capture's
        return scope;
    }

    /** Records a predict call that has completed: returned or threw, or its returned future completed. */
    @Override
    void completed(Scope call, long endNanos, Object self, Object returned, Throwable thrown) {
        PredictScope scope = (PredictScope) call;
        try {
            double sampleRate = support.recording.sampler().sampleRate(scope.sampling,
                    scope.target.spec().sampleSuccess(), thrown != null,
                    (endNanos - scope.startNanos) / CallSupport.NANOS_PER_MS);
            boolean kept = sampleRate == sampleRate; // NaN: left out (and counted by the sampler)
            if (!kept && !support.captureAll) {
                return;
            }
            if (scope.sampling != Sampler.KEPT && !support.captureAll) {
                captureInput(scope, self, scope.args);
            }
            CapturedOutput output = null;
            if (thrown == null && (kept || support.captureEveryOutput)) {
                try {
                    InputCapture capture = support.recording.capture();
                    output = scope.returnedType == RETURNED_OBJECT
                            ? capture.captureOutput(returned, scope.outputHolder)
                            : capture.captureOutputNumber(scope.returnedNumber, scope.returnedType == RETURNED_FLOAT,
                                    scope.outputHolder);
                } catch (Throwable t) {
                    Diagnostics.failure("capture.output", t);
                }
            }
            TargetRuntime target = scope.target;
            ModelIdentity known = support.recording.models().lookup(self);
            String modelId = target.modelId() != null
                    ? target.modelId().evaluateString(self, scope.args, scope.returned(returned))
                    : known != null && known.modelId() != null ? known.modelId() : defaultModelId(self, scope.method);
            String modelVersion = target.modelVersion() != null
                    ? target.modelVersion().evaluateString(self, scope.args, scope.returned(returned))
                    : known != null ? known.modelVersion() : null;
            // observers and novelty see every call, whatever the sampling
            CapturedInput input = scope.input;
            InputNovelty novelty = support.recording.novelty();
            Boolean seen = novelty == null || input == null ? null : !input.hashed() ? null
                    : novelty.seenBefore(modelId, input.hashPrefix());
            String errorType = CallSupport.errorType(thrown);
            support.predicted(target.name(), modelId, modelVersion, endNanos - scope.startNanos, errorType, input,
                    output, seen);
            if (!kept) {
                return;
            }
            int inputBits = input == null ? 0 : input.hashBits();
            int outputBits = output == null ? 0 : output.hashBits();
            int numberType = output == null ? CapturedOutput.NO_NUMBER : output.numberType();
            support.recording.events().accept(new PredictionEvent(scope.startEpochMillis, scope.thread,
                    scope.requestId, target.name(), scope.method, modelId, modelVersion,
                    input == null ? 0 : input.hashPrefix(), input == null ? 0 : input.hashSize(),
                    input == null ? null : input.characteristics(), output == null ? 0 : output.hashPrefix(),
                    (endNanos - scope.startNanos) / CallSupport.NANOS_PER_MS,
                    PredictionEvent.Errors.of(errorType, CallSupport.errorMessage(thrown),
                            input == null ? null : input.hashError(), output == null ? null : output.hashError()),
                    sampleRate,
                    output == null || numberType != CapturedOutput.NO_NUMBER ? null : output.characteristics(),
                    numberType == CapturedOutput.NO_NUMBER ? 0 : output.number(),
                    PredictionEvent.flags(inputBits, outputBits, seen, numberType,
                            output != null && output.hashedAtEncoding()),
                    scope.requestId == null ? scope.idHigh : 0, scope.requestId == null ? scope.idLow : 0));
        } finally {
            scope.args = null;
            scope.onlyArgument[0] = null;
            scope.returnedType = RETURNED_OBJECT;
            support.inflightEnd(scope);
        }
    }

    /** The thread's next predict call begins in this one's scope, which lets go of the call's capture first. */
    @Override
    void ended(RequestContext context, Scope scope) {
        PredictScope ended = (PredictScope) scope;
        ended.input = null;
        ended.args = null;
        ended.onlyArgument[0] = null;
        ended.inputHolder.clear();
        ended.outputHolder.clear();
        context.spareScope(ended);
    }

    private void captureInput(PredictScope scope, Object self, Object[] args) {
        try {
            TargetRuntime.Field inputField = scope.target.input();
            InputCapture capture = support.recording.capture();
            scope.input = inputField == null ? capture.captureArguments(args, scope.inputHolder)
                    : capture.captureValue(inputField.evaluate(self, args, null), scope.inputHolder);
        } catch (Throwable t) {
            Diagnostics.failure("capture.input", t);
        }
    }

    /** The simple name of {@code this}'s class (the user's class behind a generated proxy), else the declaring one. */
    private static String defaultModelId(Object self, String method) {
        if (self != null) {
            return DEFAULT_MODEL_IDS.get(self.getClass());
        }
        String declaring = method.substring(0, method.indexOf('#'));
        return declaring.substring(declaring.lastIndexOf('.') + 1);
    }
}
