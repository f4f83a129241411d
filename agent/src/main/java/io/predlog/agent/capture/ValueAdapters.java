package io.predlog.agent.capture;

import io.predlog.agent.adapter.TypeAdapter;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The registry of {@link ValueAdapter}s: which adapter writes the values of a runtime class, chosen once per
 * class (a {@link ClassValue}), so the walk dispatches with one lookup and no chain of {@code instanceof} tests.
 *
 * <p>The order is fixed; the first adapter whose {@link ValueAdapter.Factory} accepts a class wins:
 * <ol>
 *   <li>{@link PrimitiveArrayAdapter}: {@code float[]}, {@code int[]}, … (a typed tensor at the top level)</li>
 *   <li>{@link ObjectArrayAdapter}: every other array ({@code Object[]}, {@code float[][]}, …)</li>
 *   <li>{@link ValueAdapter.ForCharSequence}: {@code String}, {@code StringBuilder}, any {@code CharSequence}</li>
 *   <li>{@link ValueAdapter.ForBoolean}, {@link ValueAdapter.ForCharacter}</li>
 *   <li>{@link ValueAdapter.ForEnum}</li>
 *   <li>model libraries' types, found by class name and read through their own accessors, before the collections
 *       (an {@code OrtSession.Result} and a Tribuo {@code Example} are {@code Iterable}s):
 *       {@link LibraryAdapter} (ONNX Runtime, langchain4j), {@link DjlNDArrayAdapter} (DJL's {@code NDArray}, any
 *       engine's, as the Java array of its type and shape), {@link DMatrixAdapter} (XGBoost4J),
 *       {@link TribuoExampleAdapter}, {@link TribuoPredictionAdapter}</li>
 *   <li>{@link MapAdapter}: any {@code Map}, before {@code Iterable} (a class may be both)</li>
 *   <li>{@link IterableAdapter}: any {@code Iterable}</li>
 *   <li>{@link ValueAdapter.ForOptional}: {@code Optional}, {@code OptionalInt/Long/Double}</li>
 *   <li>{@link RecordAdapter}: records, by their components</li>
 *   <li>{@link ValueAdapter.ForJdkNumber}: the JDK's own {@code Number}s</li>
 *   <li>{@link ValueAdapter.ForJdkValue}: other {@code java.*} classes, by their standard string form</li>
 *   <li>{@link FieldsAdapter}: everything else, by its fields (always applies)</li>
 * </ol>
 * The factories of extension jars ({@link ExtensionAdapter}) are asked before all of these ({@link #withExtensions}).
 * {@code String}, {@code Double}, {@code Integer}, {@code Long} and {@code Boolean} never reach the registry: the
 * walker writes them directly (they are most of the values a model receives), and their form is fixed.
 *
 * <p><b>Adding an input type</b> (docs/ARCHITECTURE.md, "How to add an input type"): write one adapter class
 * with a {@code forType} and add it to {@link #STANDARD} at the place its class must win over the generic
 * adapters (a library's tensor that is also an {@code Iterable} goes before {@link IterableAdapter}; one that is
 * a plain object before {@link FieldsAdapter}). Such an adapter may recognise its class by name, so the agent
 * needs no compile-time dependency on the library, and it is the one place where reading a value may go
 * beyond what docs/HASHING.md allows for application classes: it may call the library's own, known accessor
 * methods (a tensor's shape and its buffer), reflectively, and only those.
 */
final class ValueAdapters {

    /** The standard registry, in the order above: the one place where an adapter is registered. */
    static final ValueAdapters STANDARD = new ValueAdapters(new ValueAdapter.Factory[] {
        PrimitiveArrayAdapter::forType,
        ObjectArrayAdapter::forType,
        ValueAdapter.ForCharSequence::forType,
        ValueAdapter.ForBoolean::forType,
        ValueAdapter.ForCharacter::forType,
        ValueAdapter.ForEnum::forType,
        LibraryAdapter::forType,
        DjlNDArrayAdapter::forType,
        DMatrixAdapter::forType,
        TribuoExampleAdapter::forType,
        TribuoPredictionAdapter::forType,
        MapAdapter::forType,
        IterableAdapter::forType,
        ValueAdapter.ForOptional::forType,
        RecordAdapter::forType,
        ValueAdapter.ForJdkNumber::forType,
        ValueAdapter.ForJdkValue::forType,
        FieldsAdapter::forType,
    });

    private final ValueAdapter.Factory[] order;
    private final ClassValue<ValueAdapter> chosen = new ClassValue<>() {
        @Override
        protected ValueAdapter computeValue(Class<?> type) {
            return choose(type);
        }
    };

    private ValueAdapters(ValueAdapter.Factory[] order) {
        this.order = order;
    }

    /** A registry that asks {@code first} before every adapter of this one (this one is unchanged). */
    ValueAdapters with(ValueAdapter.Factory first) {
        ValueAdapter.Factory[] o = new ValueAdapter.Factory[order.length + 1];
        o[0] = first;
        System.arraycopy(order, 0, o, 1, order.length);
        return new ValueAdapters(o);
    }

    /** A registry that asks the extension jars' factories, in order, before every adapter of this one. */
    ValueAdapters withExtensions(List<TypeAdapter.Factory> factories) {
        return factories.isEmpty() ? this : with(ExtensionAdapter.of(factories));
    }

    /** The adapter for values of {@code type}: chosen on the first value of the class, then cached. */
    ValueAdapter of(Class<?> type) {
        return chosen.get(type);
    }

    private ValueAdapter choose(Class<?> type) {
        for (ValueAdapter.Factory f : order) {
            ValueAdapter a = f.forType(type);
            if (a != null) {
                return a;
            }
        }
        throw new IllegalStateException("no value adapter accepts " + type.getTypeName());
    }

    /** The JDK's integral numbers: written by {@code longValue}, kept exactly in {@code input.values}. */
    static boolean isIntegral(Class<?> type) {
        return type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == AtomicInteger.class || type == AtomicLong.class || type == LongAdder.class
                || type == LongAccumulator.class;
    }
}
