package io.predlog.agent.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tribuo's {@code org.tribuo.Prediction}, what a Tribuo model's {@code predict} returns: the object
 * {@code {"output":…,"outputScores":{…}}} of the predicted output and the score of each output, each output written
 * by the general rules (a {@code Label} by its fields: {@code {"label":"yes","score":0.93}}) (docs/HASHING.md,
 * "XGBoost4J and Tribuo"). The example it was made from is the call's input, hashed there, and is left out
 * here, as are the counts of features used.
 *
 * <p>Library methods called (resolved once per class, through the public lookup): {@code Prediction.getOutput()},
 * {@code Prediction.getOutputScores()} (a {@code Map}, walked as any map).
 */
final class TribuoPredictionAdapter implements ValueAdapter {

    static final String TYPE = "org.tribuo.Prediction";
    private static final String[] FIELDS = {"output", "outputScores"};

    private final MethodHandle output;
    private final MethodHandle scores;

    private TribuoPredictionAdapter(MethodHandle output, MethodHandle scores) {
        this.output = output;
        this.scores = scores;
    }

    static ValueAdapter forType(Class<?> type) {
        Class<?> c = LibraryAdapter.supertypeNamed(type, TYPE);
        return c == null ? null : of(c);
    }

    private static ValueAdapter of(Class<?> prediction) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodType toObject = MethodType.methodType(Object.class, Object.class);
            Class<?> output = Class.forName("org.tribuo.Output", false, prediction.getClassLoader());
            return new TribuoPredictionAdapter(
                    lookup.findVirtual(prediction, "getOutput", MethodType.methodType(output)).asType(toObject),
                    lookup.findVirtual(prediction, "getOutputScores", MethodType.methodType(java.util.Map.class))
                            .asType(toObject));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not the Tribuo this adapter knows: the generic adapters apply
        }
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        Object out;
        Object byOutput;
        try {
            out = (Object) output.invokeExact(value);
            byOutput = (Object) scores.invokeExact(value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reading a Tribuo Prediction", t);
        }
        if (!walk.enterObject(value)) {
            return;
        }
        walk.beginFields(FIELDS.length, FIELDS);
        walk.key(0, "output");
        walk.fieldValue(0, "output", out);
        walk.key(1, "outputScores");
        walk.fieldValue(1, "outputScores", byOutput);
        walk.endFields();
    }
}
