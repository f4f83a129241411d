package io.predlog.agent.capture;

import java.util.EventObject;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How the values of one kind of class are laid out in the canonical form (docs/HASHING.md): an adapter takes a
 * value apart and reports its pieces to the {@link CanonicalWalker}: a scalar ({@link CanonicalWalker#number},
 * {@link CanonicalWalker#string}, …), or a container's fields or elements, each of which the walker walks in turn.
 * The walker owns traversal and bounds (depth, nodes, bytes, cycles, hidden fields) and hands every piece to the
 * canonical bytes, the characteristics and the features at once, so an adapter serves all three in one walk and
 * knows none of them.
 *
 * <p>{@link ValueAdapters} chooses the adapter of a runtime class once (in a fixed order, see there) and caches
 * it per class. Each adapter class has a {@code static ValueAdapter forType(Class<?> type)}, its {@link Factory}:
 * the adapter for that class, or null when it does not apply.
 *
 * <p>Contract: {@link #write} is called on application threads, concurrently: an adapter is immutable, keeps
 * per-class facts only (fields, accessors), and keeps per-thread scratch in the walker. It calls no application
 * code beyond the standard {@link Map}, {@link Iterable} and {@link CharSequence} interfaces and records'
 * accessors (no getters, no {@code toString} or {@code hashCode} of the application's classes); a JDK value
 * type's {@code toString} is the JDK's. An exception it lets escape stops the walk like a bound (the hash is of
 * the bytes written so far, {@code truncated}) and is counted as {@code capture.walk}.
 *
 * <p>The named implementations below are the scalars; containers have a class each ({@link MapAdapter},
 * {@link RecordAdapter}, {@link FieldsAdapter}, {@link IterableAdapter}, {@link ObjectArrayAdapter},
 * {@link PrimitiveArrayAdapter}).
 */
interface ValueAdapter {

    /** Writes {@code value}, a non-null instance of a class this adapter was chosen for, through {@code walk}. */
    void write(Object value, CanonicalWalker walk);

    /** Chooses the adapter for a runtime class, or declines with null; called once per class. */
    @FunctionalInterface
    interface Factory {
        ValueAdapter forType(Class<?> type);
    }

    /** Any {@link CharSequence}: a JSON string; a string in the characteristics; a text feature. */
    final class ForCharSequence implements ValueAdapter {
        static final ForCharSequence INSTANCE = new ForCharSequence();

        static ValueAdapter forType(Class<?> type) {
            return CharSequence.class.isAssignableFrom(type) ? INSTANCE : null;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            walk.string((CharSequence) value);
        }
    }

    /** {@code Boolean}: {@code true} or {@code false}. */
    final class ForBoolean implements ValueAdapter {
        static final ForBoolean INSTANCE = new ForBoolean();

        static ValueAdapter forType(Class<?> type) {
            return type == Boolean.class ? INSTANCE : null;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            walk.bool((Boolean) value);
        }
    }

    /** {@code Character}: a one-character JSON string; neither a string characteristic nor a feature. */
    final class ForCharacter implements ValueAdapter {
        static final ForCharacter INSTANCE = new ForCharacter();

        static ValueAdapter forType(Class<?> type) {
            return type == Character.class ? INSTANCE : null;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            walk.text(String.valueOf(((Character) value).charValue()));
        }
    }

    /** An enum constant: its {@code name()} as a string; a text feature (a category). */
    final class ForEnum implements ValueAdapter {
        static final ForEnum INSTANCE = new ForEnum();

        static ValueAdapter forType(Class<?> type) {
            return Enum.class.isAssignableFrom(type) ? INSTANCE : null;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            walk.enumName(((Enum<?>) value).name());
        }
    }

    /**
     * {@code Optional}, {@code OptionalInt/Long/Double} and {@code AtomicReference}: the value in place (the same
     * node), or null.
     */
    final class ForOptional implements ValueAdapter {
        static final ForOptional INSTANCE = new ForOptional();

        static ValueAdapter forType(Class<?> type) {
            return type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                    || type == OptionalDouble.class || type == AtomicReference.class ? INSTANCE : null;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            Object content;
            if (value instanceof AtomicReference<?> r) {
                content = r.get();
            } else if (value instanceof Optional<?> o) {
                content = o.orElse(null);
            } else if (value instanceof OptionalInt o) {
                content = o.isPresent() ? (Object) o.getAsInt() : null;
            } else if (value instanceof OptionalLong o) {
                content = o.isPresent() ? (Object) o.getAsLong() : null;
            } else {
                OptionalDouble o = (OptionalDouble) value;
                content = o.isPresent() ? (Object) o.getAsDouble() : null;
            }
            walk.unwrapped(content);
        }
    }

    /**
     * The JDK's own numbers other than {@code Double}, {@code Integer} and {@code Long} (which the walker writes
     * without a lookup): integral ones ({@code Short}, {@code Byte}, the atomic and adder longs) by
     * {@code longValue}, the rest ({@code Float}, {@code BigInteger}, {@code BigDecimal}, {@code DoubleAdder}, …) by
     * {@code doubleValue}. An application's {@code Number} subclass is not one of them: it is an object.
     */
    final class ForJdkNumber implements ValueAdapter {
        static final ForJdkNumber INTEGRAL = new ForJdkNumber(true);
        static final ForJdkNumber FLOATING = new ForJdkNumber(false);

        private final boolean integral;

        private ForJdkNumber(boolean integral) {
            this.integral = integral;
        }

        static ValueAdapter forType(Class<?> type) {
            if (!Number.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
                return null;
            }
            return ValueAdapters.isIntegral(type) ? INTEGRAL : FLOATING;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            if (integral) {
                walk.integral(((Number) value).longValue());
            } else {
                walk.number(((Number) value).doubleValue());
            }
        }
    }

    /**
     * Other classes in {@code java.*} ({@code UUID}, {@code java.time.*}, {@code URI}, {@code Path}, …): their
     * standard string form, {@code toString()}, as a JSON string. Not {@code java.lang.Object} itself: that is an
     * object with no fields, {@code {}} ({@link FieldsAdapter}); nor the JDK holders whose {@code toString} would
     * print the application objects they hold ({@code Map.Entry}, {@code AtomicReferenceArray},
     * {@code EventObject}): they are objects of their readable fields, which the module system hides (partial).
     */
    final class ForJdkValue implements ValueAdapter {
        static final ForJdkValue INSTANCE = new ForJdkValue();

        static ValueAdapter forType(Class<?> type) {
            return type != Object.class && type.getName().startsWith("java.") && !printsWhatItHolds(type)
                    ? INSTANCE : null;
        }

        private static boolean printsWhatItHolds(Class<?> type) {
            return Map.Entry.class.isAssignableFrom(type) || type == AtomicReferenceArray.class
                    || EventObject.class.isAssignableFrom(type);
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            walk.text(value.toString());
        }
    }

    /**
     * A value whose content is native state that nothing here reads (docs/HASHING.md, "Native state"): a native
     * wrapper holding a native pointer ({@link NativeHandles}), or a library value its adapter failed to read. The walk records it
     * as such ({@link CanonicalWalker#nativeState}): the result has no hash, and the value is partial.
     */
    final class ForNativeState implements ValueAdapter {
        static final ForNativeState INSTANCE = new ForNativeState();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            walk.nativeState();
        }
    }
}
