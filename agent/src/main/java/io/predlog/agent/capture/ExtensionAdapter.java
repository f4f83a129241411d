package io.predlog.agent.capture;

import io.predlog.agent.adapter.TypeAdapter;
import io.predlog.agent.diagnostics.Diagnostics;

import java.util.List;

/**
 * A user's {@link TypeAdapter}, from an extension jar, as one of the walk's {@link ValueAdapter}s: what it returns
 * is written in the value's place ({@link CanonicalWalker#substitute}); when it throws, the value is unreadable and
 * recorded as native state ({@link CanonicalWalker#nativeState}), and the failure is counted.
 */
final class ExtensionAdapter implements ValueAdapter {

    private final TypeAdapter adapter;
    private final String failureKind;

    private ExtensionAdapter(TypeAdapter adapter, String failureKind) {
        this.adapter = adapter;
        this.failureKind = failureKind;
    }

    /** The first of {@code factories} that accepts a class, as the walk's factory; the registry caches its answer. */
    static ValueAdapter.Factory of(List<TypeAdapter.Factory> factories) {
        List<TypeAdapter.Factory> list = List.copyOf(factories);
        return type -> {
            for (TypeAdapter.Factory f : list) {
                String kind = "capture.adapter:" + f.getClass().getName();
                try {
                    TypeAdapter a = f.forType(type);
                    if (a != null) {
                        return new ExtensionAdapter(a, kind);
                    }
                } catch (RuntimeException | LinkageError e) {
                    Diagnostics.failure(kind, e);
                }
            }
            return null;
        };
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        Object content;
        try {
            content = adapter.contentOf(value);
            if (content == value) {
                throw new IllegalStateException(adapter.getClass().getName() + " gave the value itself as its content");
            }
        } catch (Exception | LinkageError e) {
            Diagnostics.failure(failureKind, e);
            walk.nativeState();
            return;
        }
        walk.substitute(value, content);
    }
}
