package io.predlog.agent.sink;

import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The sink factories a class loader offers, by name: what {@code predlog.sinks} may name, and how the configured
 * sinks are made. Found once with {@link ServiceLoader} (see {@link Sink.Factory} for the contract); immutable.
 */
public final class SinkFactories {

    private final Map<String, Sink.Factory> byName;

    private SinkFactories(Map<String, Sink.Factory> byName) {
        this.byName = byName;
    }

    /**
     * The factories of the agent's own class loader: the built-in sinks, and any other factory in the agent jar.
     * The loader is given explicitly: {@code ServiceLoader.load(type)} would ask the thread's context loader,
     * which at start-up is the application's and cannot see the agent's classes.
     */
    public static SinkFactories load() {
        return load(Sink.Factory.class.getClassLoader());
    }

    /**
     * The factories that {@code loader} lists in {@code META-INF/services/io.predlog.agent.sink.Sink$Factory}, in
     * the order it finds them. A factory that cannot be loaded or made, has a blank name, or repeats a name already
     * found is reported on stderr and left out.
     */
    public static SinkFactories load(ClassLoader loader) {
        Map<String, Sink.Factory> byName = new LinkedHashMap<>();
        Iterator<Sink.Factory> found = ServiceLoader.load(Sink.Factory.class, loader).iterator();
        while (hasNext(found)) {
            try {
                add(byName, found.next());
            } catch (ServiceConfigurationError e) { // this one is skipped: the iterator has moved past it
                Diagnostics.error("a sink factory could not be loaded and is left out: " + e.getMessage());
            }
        }
        return new SinkFactories(byName);
    }

    /**
     * These factories, then those that {@code loader} adds (an extension jars' loader, whose parent is the agent's):
     * found with {@link ServiceLoader} in {@code loader}, skipping the factories already here (the parent's services
     * are found again through it). A factory that cannot be loaded or made, or whose name is taken, is reported on
     * stderr and left out: a jar cannot replace a built-in sink.
     */
    public SinkFactories and(ClassLoader loader) {
        Map<String, Sink.Factory> all = new LinkedHashMap<>(byName);
        Set<Class<?>> known = new HashSet<>();
        byName.values().forEach(f -> known.add(f.getClass()));
        Iterator<Sink.Factory> found = ServiceLoader.load(Sink.Factory.class, loader).iterator();
        while (hasNext(found)) {
            try {
                Sink.Factory factory = found.next();
                if (!known.contains(factory.getClass())) {
                    add(all, factory);
                }
            } catch (ServiceConfigurationError | LinkageError e) { // skipped: the iterator has moved past it
                Diagnostics.error("a sink factory could not be loaded and is left out: " + e.getMessage());
            }
        }
        return new SinkFactories(all);
    }

    /** Whether there is another factory; false, after saying so, when the services files cannot be read. */
    private static boolean hasNext(Iterator<Sink.Factory> found) {
        try {
            return found.hasNext();
        } catch (ServiceConfigurationError e) {
            Diagnostics.error("the sink factories could not all be listed: " + e.getMessage());
            return false;
        }
    }

    private static void add(Map<String, Sink.Factory> byName, Sink.Factory factory) {
        String name;
        try {
            name = factory.name();
        } catch (RuntimeException e) {
            Diagnostics.error("sink factory " + factory.getClass().getName() + " failed to give its name (" + e
                    + ") and is left out");
            return;
        }
        if (name == null || name.isBlank() || !name.equals(name.trim())) {
            Diagnostics.error("sink factory " + factory.getClass().getName() + " gives the name '" + name
                    + "', which predlog.sinks cannot name; left out");
            return;
        }
        Sink.Factory first = byName.putIfAbsent(name, factory);
        if (first != null) {
            Diagnostics.error("sink factories " + first.getClass().getName() + " and " + factory.getClass().getName()
                    + " both make sink '" + name + "'; using the first");
        }
    }

    /** The names these factories make, in the order they were found: what {@code predlog.sinks} accepts. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The factory that makes the sink of this name, or null when none does. */
    public Sink.Factory factory(String name) {
        return byName.get(name);
    }

    /**
     * One sink per name, in order; a sink whose factory throws is reported on stderr and left out, the others are
     * still made. Names are all checked before any sink is made.
     *
     * @throws IllegalArgumentException naming {@code predlog.sinks} and the name, for a name no factory makes or a
     *                                  name listed twice
     */
    public List<Sink> create(List<String> names, SinkSettings settings) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException(ConfigKeys.SINKS.name() + ": unknown sink '" + name
                        + "'; known sinks: " + String.join(", ", names()));
            }
            if (!wanted.add(name)) {
                throw new IllegalArgumentException(ConfigKeys.SINKS.name() + ": sink '" + name + "' is listed twice");
            }
        }
        List<Sink> sinks = new ArrayList<>();
        for (String name : wanted) {
            try {
                Sink sink = byName.get(name).create(settings);
                if (sink == null) {
                    throw new IllegalStateException("its factory made no sink");
                }
                sinks.add(sink);
            } catch (Exception | LinkageError e) {
                Diagnostics.error("sink '" + name + "' could not be opened (" + e.getMessage()
                        + "); the agent runs without it");
            }
        }
        return List.copyOf(sinks);
    }
}
