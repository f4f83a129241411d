package io.predlog.agent.capture;

import java.util.Collection;

/**
 * Any {@link Iterable} (collections, sets, queues, an application's own): an array of its elements in iteration
 * order. Calls {@code iterator()} and, for a {@link Collection}, {@code size()} (for the {@code shape}).
 */
final class IterableAdapter implements ValueAdapter {

    static final IterableAdapter INSTANCE = new IterableAdapter();

    static ValueAdapter forType(Class<?> type) {
        return Iterable.class.isAssignableFrom(type) ? INSTANCE : null;
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        Iterable<?> it = (Iterable<?>) value;
        if (!walk.enterArray(it)) {
            return;
        }
        walk.beginElements(it instanceof Collection<?> c ? c.size() : -1);
        long count = 0;
        for (Object e : it) {
            walk.element(count++, e);
        }
        walk.endElements(count);
    }
}
