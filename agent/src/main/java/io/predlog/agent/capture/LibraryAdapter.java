package io.predlog.agent.capture;

import io.predlog.agent.diagnostics.Diagnostics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values ML libraries hand to models and get back, read through the library's own public accessors, which
 * copy the value out and change nothing (docs/HASHING.md, "Library types"). The value is then written as what the
 * accessor returned, in the value's place ({@link CanonicalWalker#substitute}): an {@code OnnxTensor} as the Java
 * array it holds, so it hashes as the {@code float[][]} it was made from.
 *
 * <table>
 *   <caption>The library types and the one accessor called on each</caption>
 *   <tr><th>type (the class, or a supertype of it, by name)</th><th>accessor</th><th>written as</th></tr>
 *   <tr><td>{@code ai.onnxruntime.OnnxTensor}</td><td>{@code getValue()}</td><td>its Java array (a typed tensor
 *       at the top level), a boxed scalar, or a {@code String[]}: ONNX Runtime copies the native buffer once</td></tr>
 *   <tr><td>{@code ai.onnxruntime.OnnxSequence}</td><td>{@code getValue()}</td><td>a list of its elements</td></tr>
 *   <tr><td>{@code ai.onnxruntime.OnnxMap}</td><td>{@code getValue()}</td><td>a map</td></tr>
 *   <tr><td>{@code ai.onnxruntime.OrtSession$Result}</td><td>{@code iterator()} (its {@code Iterable} of
 *       {@code Map.Entry}; {@code getKey()}, {@code getValue()})</td><td>a map from output name to value</td></tr>
 *   <tr><td>{@code dev.langchain4j.data.segment.TextSegment}</td><td>{@code text()}</td><td>that string</td></tr>
 *   <tr><td>{@code dev.langchain4j.data.document.Document}</td><td>{@code text()}</td><td>that string</td></tr>
 *   <tr><td>{@code dev.langchain4j.data.embedding.Embedding}</td><td>{@code vector()}</td><td>that
 *       {@code float[]}</td></tr>
 * </table>
 *
 * <p>The classes are found by name when the first value of a class is met: the agent has no dependency on the
 * libraries, and a library the application does not use simply never matches. The accessor is resolved then,
 * once per class, as a {@link MethodHandle} of the public method the named type declares; each call costs one
 * {@code invokeExact}. An accessor that throws (a closed tensor) is counted as the failure
 * {@code capture.adapter:<type>} and the value is written as native state ({@link CanonicalWalker#nativeState}):
 * no hash, rather than a wrong one.
 */
final class LibraryAdapter implements ValueAdapter {

    /** One library type: its name, and the public no-argument accessor that copies its content out. */
    record Accessor(String typeName, String method) {
    }

    /** The library types, in the order they are tried; the first that names a supertype of a class wins. */
    static final List<Accessor> ACCESSORS = List.of(
            new Accessor("ai.onnxruntime.OnnxTensor", "getValue"),
            new Accessor("ai.onnxruntime.OnnxSequence", "getValue"),
            new Accessor("ai.onnxruntime.OnnxMap", "getValue"),
            new Accessor("ai.onnxruntime.OrtSession$Result", "iterator"),
            new Accessor("dev.langchain4j.data.segment.TextSegment", "text"),
            new Accessor("dev.langchain4j.data.document.Document", "text"),
            new Accessor("dev.langchain4j.data.embedding.Embedding", "vector"));

    private static final MethodType READER = MethodType.methodType(Object.class, Object.class);

    private final MethodHandle read;
    private final boolean entries;
    private final String failureKind;

    private LibraryAdapter(MethodHandle read, boolean entries, String typeName) {
        this.read = read;
        this.entries = entries;
        this.failureKind = "capture.adapter:" + typeName;
    }

    static ValueAdapter forType(Class<?> type) {
        if (type.isArray() || type.isPrimitive() || type.getName().startsWith("java.")) {
            return null;
        }
        for (Accessor a : ACCESSORS) {
            Class<?> named = supertypeNamed(type, a.typeName());
            if (named == null) {
                continue;
            }
            MethodHandle read = resolve(named, a.method());
            return read == null ? null : new LibraryAdapter(read, a.method().equals("iterator"), a.typeName());
        }
        return null;
    }

    /** {@code type} or the superclass or interface of it that has this name; null when none has. */
    static Class<?> supertypeNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
            for (Class<?> i : c.getInterfaces()) {
                Class<?> found = supertypeNamed(i, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The public accessor {@code named} declares, as {@code (Object) -> Object}; null when it has none. */
    private static MethodHandle resolve(Class<?> named, String method) {
        try {
            Method m = named.getMethod(method);
            if (!Modifier.isPublic(named.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
                return null;
            }
            return MethodHandles.publicLookup().unreflect(m).asType(READER);
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null; // another version of the library, without this accessor: the value is read by its fields
        }
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        Object content;
        try {
            content = (Object) read.invokeExact(value);
            if (entries) {
                content = byName(content);
            }
        } catch (Throwable t) {
            Diagnostics.failure(failureKind, t);
            walk.nativeState();
            return;
        }
        walk.substitute(value, content);
    }

    /** An {@code Iterator} of {@code Map.Entry}, as a map in the same order. */
    private static Map<Object, Object> byName(Object iterator) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Iterator<?> it = (Iterator<?>) iterator; it.hasNext(); ) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) it.next();
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }
}
