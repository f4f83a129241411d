package io.predlog.agent.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Tribuo's {@code org.tribuo.Example} (and its subclasses: {@code ArrayExample}, {@code ListExample}, …): its
 * features as an object of name to value, keys sorted, exactly as a {@code Map<String, Double>} of the same
 * features is written (docs/HASHING.md, "XGBoost4J and Tribuo"), so characteristics ({@code field_names},
 * {@code values}) and statistics see one feature per name. The example's output (unknown at prediction time),
 * weight and metadata are not part of it. Two features of one name are both written.
 *
 * <p>Library methods called (resolved once per class, through the public lookup): {@code Example.size()},
 * {@code Example.iterator()} (its {@code Iterable<Feature>}), {@code Feature.getName()},
 * {@code Feature.getValue()}.
 */
final class TribuoExampleAdapter implements ValueAdapter {

    static final String TYPE = "org.tribuo.Example";

    private final MethodHandle size;
    private final MethodHandle name;
    private final MethodHandle number;

    private TribuoExampleAdapter(MethodHandle size, MethodHandle name, MethodHandle number) {
        this.size = size;
        this.name = name;
        this.number = number;
    }

    static ValueAdapter forType(Class<?> type) {
        Class<?> c = LibraryAdapter.supertypeNamed(type, TYPE);
        return c == null ? null : of(c);
    }

    private static ValueAdapter of(Class<?> example) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> feature = Class.forName("org.tribuo.Feature", false, example.getClassLoader());
            return new TribuoExampleAdapter(
                    lookup.findVirtual(example, "size", MethodType.methodType(int.class))
                            .asType(MethodType.methodType(int.class, Object.class)),
                    lookup.findVirtual(feature, "getName", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(feature, "getValue", MethodType.methodType(double.class))
                            .asType(MethodType.methodType(double.class, Object.class)));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not the Tribuo this adapter knows: the generic adapters apply
        }
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        if (!walk.enterObject(value)) {
            return;
        }
        int n;
        String[] names;
        double[] values;
        try {
            n = (int) size.invokeExact(value);
            names = new String[n];
            values = new double[n];
            int i = 0;
            for (Iterator<?> it = ((Iterable<?>) value).iterator(); it.hasNext() && i < n; i++) {
                Object f = it.next();
                names[i] = (String) name.invokeExact(f);
                values[i] = (double) number.invokeExact(f);
            }
            n = i;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reading a Tribuo Example", t);
        }
        sortByName(names, values, n);
        boolean top = walk.beginFields(n, null);
        for (int i = 0; i < n; i++) {
            walk.key(i, names[i]);
            walk.doubleField(i, names[i], values[i]);
        }
        if (top) {
            walk.fieldNames(names, 0, n);
        }
        walk.endFields();
    }

    /** Tribuo keeps features sorted by name; sorts (names with their values) only when they are not. */
    private static void sortByName(String[] names, double[] values, int n) {
        for (int i = 1; i < n; i++) {
            if (names[i - 1].compareTo(names[i]) > 0) {
                Integer[] order = new Integer[n];
                for (int k = 0; k < n; k++) {
                    order[k] = k;
                }
                Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
                String[] sortedNames = new String[n];
                double[] sortedValues = new double[n];
                for (int k = 0; k < n; k++) {
                    sortedNames[k] = names[order[k]];
                    sortedValues[k] = values[order[k]];
                }
                System.arraycopy(sortedNames, 0, names, 0, n);
                System.arraycopy(sortedValues, 0, values, 0, n);
                return;
            }
        }
    }
}
