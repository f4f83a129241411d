package io.predlog.agent.sink;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKey;
import io.predlog.agent.event.ProcessInfo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What a {@link Sink.Factory} is given to make its sink: the agent's validated settings, read through typed
 * accessors, the process the events come from, and a way to hear when the application loads a class. Immutable;
 * read it during {@link Sink.Factory#create} and do not keep it.
 */
public final class SinkSettings {

    /** Tells a sink when the application loads one of the named classes (the agent's class-load watch). */
    @FunctionalInterface
    public interface ClassLoads {

        /**
         * Calls {@code onLoad} with the class name and its loader whenever one of {@code classNames} is loaded.
         * The call comes during class loading, on any thread: it must load nothing itself and return quickly.
         */
        void watch(Set<String> classNames, BiConsumer<String, ClassLoader> onLoad);
    }

    /** Class loads are not reported: for settings made outside a running agent. */
    public static final ClassLoads NO_CLASS_LOADS = (classNames, onLoad) -> { };

    private final AgentConfig config;
    private final ProcessInfo process;
    private final ClassLoads classLoads;

    /**
     * @param config     the validated configuration the keys are read from
     * @param process    the process the events come from
     * @param classLoads how a sink hears of the application's class loads
     */
    public SinkSettings(AgentConfig config, ProcessInfo process, ClassLoads classLoads) {
        this.config = Objects.requireNonNull(config, "config");
        this.process = Objects.requireNonNull(process, "process");
        this.classLoads = Objects.requireNonNull(classLoads, "classLoads");
    }

    /** The process the events come from: service name, host and pid. */
    public ProcessInfo process() {
        return process;
    }

    /** A path key's value, or null when it is unset and has no default. */
    public Path path(ConfigKey key) {
        return config.path(key);
    }

    /** A whole-number or byte-size key's value (its default when unset). */
    public long number(ConfigKey key) {
        return config.number(key);
    }

    /** A decimal key's value (its default when unset). */
    public double decimal(ConfigKey key) {
        return config.decimal(key);
    }

    /** A boolean key's value (its default when unset). */
    public boolean bool(ConfigKey key) {
        return config.bool(key);
    }

    /**
     * The effective value of any {@code predlog.*} key, registered or not (a sink's own keys included), or null
     * when it has none.
     */
    public String text(String key) {
        return config.value(key);
    }

    /**
     * Every key set under {@code prefix} ({@code predlog.kafka.producer.}), with the prefix removed, in key order: for
     * settings passed on as they are.
     */
    public Map<String, String> prefixed(String prefix) {
        Map<String, String> found = new TreeMap<>();
        config.values().forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(found);
    }

    /** Has {@code onLoad} called when the application loads one of {@code classNames} (see {@link ClassLoads}). */
    public void onClassLoad(Set<String> classNames, BiConsumer<String, ClassLoader> onLoad) {
        classLoads.watch(classNames, onLoad);
    }
}
