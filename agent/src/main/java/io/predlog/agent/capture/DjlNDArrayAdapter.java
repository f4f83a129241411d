package io.predlog.agent.capture;

import io.predlog.agent.diagnostics.Diagnostics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * A DJL {@code ai.djl.ndarray.NDArray} (any engine's: PyTorch, ONNX Runtime, …) as the Java array of its data type and
 * shape, so that it hashes as the {@code float[][]} it was made from (docs/HASHING.md, "Library types"). An
 * {@code NDList} is a {@code java.util.ArrayList} of them and is written as a list by {@link IterableAdapter}.
 *
 * <p>Accessors called, all of the public {@code NDArray} interface, resolved once per class as method handles:
 * {@code getShape()} then {@code Shape.getShape()} (a {@code long[]}), {@code getDataType()} (its enum constant's
 * ordinal, read with {@code Enum.ordinal()}), and the one copy-out method of that data type:
 *
 * <table>
 *   <caption>DJL data types and how they are read</caption>
 *   <tr><th>{@code DataType}</th><th>accessor</th><th>written as</th></tr>
 *   <tr><td>{@code FLOAT32}</td><td>{@code toFloatArray()}</td><td>{@code float} ({@code f32})</td></tr>
 *   <tr><td>{@code FLOAT64}</td><td>{@code toDoubleArray()}</td><td>{@code double} ({@code f64})</td></tr>
 *   <tr><td>{@code INT32}</td><td>{@code toIntArray()}</td><td>{@code int} ({@code i32})</td></tr>
 *   <tr><td>{@code INT64}</td><td>{@code toLongArray()}</td><td>{@code long} ({@code i64})</td></tr>
 *   <tr><td>{@code INT16}</td><td>{@code toShortArray()}</td><td>{@code short} ({@code i16})</td></tr>
 *   <tr><td>{@code INT8}</td><td>{@code toByteArray()}</td><td>{@code byte} ({@code i8})</td></tr>
 *   <tr><td>{@code UINT8}, {@code UINT16}</td><td>{@code toUint8Array()}, {@code toUnsignedShortArray()}</td>
 *       <td>{@code int} ({@code i32})</td></tr>
 *   <tr><td>{@code UINT32}</td><td>{@code toUnsignedIntArray()}</td><td>{@code long} ({@code i64})</td></tr>
 *   <tr><td>{@code BOOLEAN}</td><td>{@code toBooleanArray()}</td><td>arrays of {@code true}/{@code false}</td></tr>
 *   <tr><td>{@code STRING}</td><td>{@code toStringArray()}</td><td>arrays of strings</td></tr>
 * </table>
 * Other data types ({@code FLOAT16}, {@code BFLOAT16}, {@code COMPLEX64}, {@code UINT64}) have no Java array of their
 * own: such an array is written as native state (no hash). DJL copies the data out of the engine in those accessors
 * (the ONNX Runtime engine through a {@code ByteBuffer}); at the top level predlog writes the typed tensor from that
 * flat array, nested (in an {@code NDList}, a map) it builds the nesting of the shape, one more copy.
 */
final class DjlNDArrayAdapter implements ValueAdapter {

    private static final String NDARRAY = "ai.djl.ndarray.NDArray";
    private static final MethodType READER = MethodType.methodType(Object.class, Object.class);
    /** The copy-out accessor of each data type, by its name; the order of {@code DataType}'s constants is looked up. */
    private static final String[][] READERS = {
        {"FLOAT32", "toFloatArray"}, {"FLOAT64", "toDoubleArray"}, {"INT32", "toIntArray"}, {"INT64", "toLongArray"},
        {"INT16", "toShortArray"}, {"INT8", "toByteArray"}, {"UINT8", "toUint8Array"},
        {"UINT16", "toUnsignedShortArray"}, {"UINT32", "toUnsignedIntArray"}, {"BOOLEAN", "toBooleanArray"},
        {"STRING", "toStringArray"},
    };

    private final MethodHandle shapeOf;
    private final MethodHandle dimensionsOf;
    private final MethodHandle dataTypeOf;
    /** The reader of each {@code DataType} constant, by ordinal; null where there is none. */
    private final MethodHandle[] readers;

    private DjlNDArrayAdapter(MethodHandle shapeOf, MethodHandle dimensionsOf, MethodHandle dataTypeOf,
                              MethodHandle[] readers) {
        this.shapeOf = shapeOf;
        this.dimensionsOf = dimensionsOf;
        this.dataTypeOf = dataTypeOf;
        this.readers = readers;
    }

    static ValueAdapter forType(Class<?> type) {
        if (type.isArray() || type.isPrimitive() || type.getName().startsWith("java.")) {
            return null;
        }
        Class<?> ndarray = LibraryAdapter.supertypeNamed(type, NDARRAY);
        if (ndarray == null) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Method getShape = ndarray.getMethod("getShape");
            Method getDataType = ndarray.getMethod("getDataType");
            Object[] dataTypes = getDataType.getReturnType().getEnumConstants();
            MethodHandle[] readers = new MethodHandle[dataTypes.length];
            for (String[] r : READERS) {
                for (int i = 0; i < dataTypes.length; i++) {
                    if (((Enum<?>) dataTypes[i]).name().equals(r[0])) {
                        readers[i] = lookup.unreflect(ndarray.getMethod(r[1])).asType(READER);
                    }
                }
            }
            return new DjlNDArrayAdapter(lookup.unreflect(getShape).asType(READER),
                    lookup.unreflect(getShape.getReturnType().getMethod("getShape"))
                            .asType(MethodType.methodType(long[].class, Object.class)),
                    lookup.unreflect(getDataType).asType(READER), readers);
        } catch (ReflectiveOperationException | LinkageError | SecurityException | ClassCastException e) {
            return null; // another DJL version, without these accessors: the value is read by its fields
        }
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        Object flat;
        int[] shape;
        try {
            long[] dims = (long[]) dimensionsOf.invokeExact((Object) shapeOf.invokeExact(value));
            MethodHandle reader = readers[((Enum<?>) (Object) dataTypeOf.invokeExact(value)).ordinal()];
            if (reader == null) {
                walk.nativeState(); // a data type with no Java array: not a failure, nothing to read it as
                return;
            }
            shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Math.toIntExact(dims[i]);
            }
            flat = (Object) reader.invokeExact(value);
        } catch (Throwable t) {
            Diagnostics.failure("capture.adapter:" + NDARRAY, t);
            walk.nativeState();
            return;
        }
        walk.substituteShaped(value, flat, shape);
    }
}
