package com.example.predlog;

import io.predlog.agent.adapter.TypeAdapter;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads a service's {@code Point} as its coordinates, a {@code double[]}: the hash is then the typed tensor
 * {@code f64[n]\n…}, the same as of the array itself, whatever else the object holds. Built into its own jar and
 * named by {@code predlog.extensions} (docs/ARCHITECTURE.md, "How to add an input type").
 */
public final class PointAdapterFactory implements TypeAdapter.Factory {

    /** The class is recognised by name: the extension's loader cannot see the application's classes. */
    private static final String POINT = "io.predlog.agenttests.fixtures.ml.PointApp$Point";

    @Override
    public TypeAdapter forType(Class<?> type) {
        if (!type.getName().equals(POINT)) {
            return null;
        }
        try {
            // resolved once per class; coordinates() copies the array and changes nothing
            MethodHandle coordinates = MethodHandles.publicLookup()
                    .findVirtual(type, "coordinates", MethodType.methodType(double[].class))
                    .asType(MethodType.methodType(Object.class, Object.class));
            return value -> {
                try {
                    return (Object) coordinates.invokeExact(value);
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            };
        } catch (ReflectiveOperationException e) {
            return null; // another version of the class, without the accessor: read by its fields
        }
    }
}
