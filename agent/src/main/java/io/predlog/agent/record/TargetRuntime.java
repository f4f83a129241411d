package io.predlog.agent.record;

import io.predlog.agent.capture.ExpressionEvaluator;
import io.predlog.agent.config.Expression;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.diagnostics.Diagnostics;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One configured target at run time: its spec, its compiled expressions, and whether it has matched any
 * method yet. Its index in the recorder's table is the id the woven advice carries.
 */
public final class TargetRuntime {

    /**
     * Set in the id that advice carries when it is woven into code a named type inherits from a supertype
     * (docs/CONFIGURATION.md): the call is recorded only when its receiver is of the named type.
     */
    public static final int RECEIVER_CHECK = 1 << 30;
    /**
     * Set in the id that advice carries when it is woven into the static initialiser of a class whose constructors
     * a load target instruments: the initialiser's run is kept for the construction that triggered it.
     */
    public static final int CLASS_INIT = 1 << 31;
    /**
     * Where the id that advice carries into a lambda's body holds how many leading parameters are captured
     * values, not the interface method's arguments (10 bits).
     */
    public static final int CAPTURED_SHIFT = 20;
    /** The bits of an advice's id that are the target's index. */
    public static final int INDEX_MASK = (1 << CAPTURED_SHIFT) - 1;

    private final TargetSpec spec;
    private final Field modelId;
    private final Field modelVersion;
    private final Field input;
    private final Field requestId;
    private final AtomicBoolean matched = new AtomicBoolean();
    /** A load target on constructors ({@code <init>}): decided once, read on every call. */
    private final boolean constructor;
    /** A load target on the static initialiser ({@code <clinit>}). */
    private final boolean typeInitializer;
    /** Whether a receiver's class is of the named type: decided once per class. */
    private final ClassValue<Boolean> receivers = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return spec.pattern().namesTypeOrSupertypeOf(type);
        }
    };

    public TargetRuntime(TargetSpec spec) {
        this.spec = spec;
        this.modelId = Field.of(spec, "model_id", spec.modelId());
        this.modelVersion = Field.of(spec, "model_version", spec.modelVersion());
        this.input = Field.of(spec, "input", spec.input());
        this.requestId = Field.of(spec, "request_id", spec.requestId());
        this.constructor = spec.pattern().isConstructor();
        this.typeInitializer = spec.pattern().isTypeInitializer();
    }

    public TargetSpec spec() {
        return spec;
    }

    /** Whether this target names constructors ({@code <init>}). */
    boolean constructor() {
        return constructor;
    }

    /** Whether this target names the static initialiser ({@code <clinit>}). */
    boolean typeInitializer() {
        return typeInitializer;
    }

    public TargetKind kind() {
        return spec.kind();
    }

    public String name() {
        return spec.name();
    }

    Field modelId() {
        return modelId;
    }

    Field modelVersion() {
        return modelVersion;
    }

    Field input() {
        return input;
    }

    Field requestId() {
        return requestId;
    }

    /** Whether {@code receiver}'s class is the named type or one of its subtypes. */
    boolean receiverMatches(Object receiver) {
        return receiver != null && receivers.get(receiver.getClass());
    }

    /** Marks that the instrumentation has woven this target into at least one method. */
    public void markMatched() {
        matched.set(true);
    }

    /** Whether this target has been woven into any method so far. */
    public boolean matched() {
        return matched.get();
    }

    /**
     * One optional expression of a target. A failure or a null is reported once for this target and field,
     * never once per call, and the field is then left out of the event.
     */
    static final class Field {
        private final String targetName;
        private final String key;
        private final Expression expression;
        private final ExpressionEvaluator evaluator;
        private final AtomicBoolean warned = new AtomicBoolean();

        private Field(String targetName, String key, Expression expression, ExpressionEvaluator evaluator) {
            this.targetName = targetName;
            this.key = key;
            this.expression = expression;
            this.evaluator = evaluator;
        }

        static Field of(TargetSpec spec, String key, Expression expression) {
            if (expression == null) {
                return null;
            }
            return new Field(spec.kind().key() + "." + spec.name(), key, expression,
                    ExpressionEvaluator.compile(expression));
        }

        /** Whether the expression needs the call's result, so it can only be evaluated at exit. */
        boolean needsReturn() {
            return expression.root() == Expression.Root.RETURN;
        }

        /** Whether the expression starts at {@code this}, which a constructor only has at exit. */
        boolean rootIsThis() {
            return expression.root() == Expression.Root.THIS;
        }

        /** The value, or null (and a one-time warning) when it is null or fails. */
        Object evaluate(Object self, Object[] args, Object returned) {
            try {
                Object value = evaluator.evaluate(self, args, returned);
                if (value == null && !"request_id".equals(key)) {
                    // a request without an inbound id is normal: the recorder generates one
                    warnOnce("yielded null");
                }
                return value;
            } catch (Throwable t) {
                warnOnce("failed: " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
                return null;
            }
        }

        /** The value as a string (String.valueOf), or null. */
        String evaluateString(Object self, Object[] args, Object returned) {
            Object value = evaluate(self, args, returned);
            if (value == null) {
                return null;
            }
            try {
                return String.valueOf(value);
            } catch (Throwable t) {
                warnOnce("failed to convert to a string: " + t.getClass().getName());
                return null;
            }
        }

        void warnOnce(String what) {
            if (warned.compareAndSet(false, true)) {
                Diagnostics.warn("predlog." + targetName + "." + key + " = " + expression.text() + " " + what
                        + "; the field is left out of its events (reported once)");
            }
        }
    }
}
