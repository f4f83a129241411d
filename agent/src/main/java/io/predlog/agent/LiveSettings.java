package io.predlog.agent;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigError;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.Level;
import io.predlog.agent.sampling.Sampler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Settings an operator can change while the application runs, by editing the configuration file
 * (docs/CONFIGURATION.md, "Live settings"): {@code predlog.enabled} (the kill switch) and the sampling keys. A
 * daemon thread, {@code predlog-config-watch}, looks at the file's modification time and size once a second; when
 * they change it loads the configuration again as at start-up (the same agent arguments, system properties and
 * environment, which still take precedence over the file), applies the live keys to the {@link Sampler}, and
 * reports what changed: a {@code config_changed} event and one {@code [predlog]} line. Other keys that changed
 * take effect at the next start, and say so; a file with errors changes nothing, and says why.
 *
 * <p>A file is read only once it has settled: its modification time is at least {@link #SETTLE_MILLIS} old, or
 * it looked the same that long apart. What was read is applied only when the file did not change while it was
 * being read. A save that truncates the file and then writes it is so never taken half-written.
 */
final class LiveSettings implements Capability {

    static final String THREAD_NAME = "predlog-config-watch";
    static final String EVENT = "config_changed";
    /** How long a file must have stayed as it is before it is read. */
    static final long SETTLE_MILLIS = 200;
    /** How many times a file that keeps changing is waited for within one look, before the next second's. */
    private static final int SETTLE_TRIES = 5;
    /** The keys applied while running; {@code predlog.enabled} is handled on its own. */
    static final List<String> LIVE_KEYS = List.of(ConfigKeys.SAMPLE_SUCCESS.name(), ConfigKeys.SAMPLE_SLOW_MS.name(),
            ConfigKeys.SAMPLE_MAX_PER_SECOND.name());

    private final Path file;
    private final Supplier<ConfigResult> reload;
    private final Sampler sampler;
    private final Consumer<Event> events;
    /** The configuration the live keys were last taken from: the start-up one, then each one applied. */
    private AgentConfig current;
    /** The configuration the agent started with: what the other keys still are until the next start. */
    private final AgentConfig startup;
    /** The other keys last reported as differing from the start-up values. */
    private List<String> pending = List.of();
    private boolean enabled = true;
    private FileState seen;
    private final long settleMillis;
    private final EverySecond ticker;

    /**
     * @param file    the configuration file ({@code predlog.config}); null when there is none (nothing to watch)
     * @param current the configuration the agent started with
     * @param reload  loads the configuration again, as at start-up
     * @param sampler where the live keys go
     * @param events  where {@code config_changed} goes
     */
    LiveSettings(Path file, AgentConfig current, Supplier<ConfigResult> reload, Sampler sampler,
                 Consumer<Event> events) {
        this(file, current, reload, sampler, events, SETTLE_MILLIS);
    }

    /** @param settleMillis how long a file must have stayed as it is before it is read */
    LiveSettings(Path file, AgentConfig current, Supplier<ConfigResult> reload, Sampler sampler,
                 Consumer<Event> events, long settleMillis) {
        this.file = file;
        this.settleMillis = settleMillis;
        this.current = current;
        this.startup = current;
        this.reload = reload;
        this.sampler = sampler;
        this.events = events;
        this.ticker = new EverySecond(THREAD_NAME, "config.watch", this::check);
    }

    @Override
    public String name() {
        return "live-settings";
    }

    @Override
    public void start() {
        if (file == null) {
            return;
        }
        seen = FileState.of(file);
        ticker.start();
    }

    @Override
    public void beforeDrain(long budgetMillis) {
        ticker.stop();
    }

    /**
     * Loads and applies the file when its modification time or size changed since the last look, once it has
     * settled; a file still being written, or written while it was read, is looked at again at the next second.
     */
    void check() {
        FileState now = FileState.of(file);
        if (now.equals(seen)) {
            return;
        }
        if (!now.exists()) {
            seen = now;
            Diagnostics.warn("config " + file + " is gone; the settings in use stay until it is back");
            return;
        }
        now = settled(now);
        if (now == null) {
            return;
        }
        ConfigResult result = reload.get();
        if (!now.equals(FileState.of(file))) {
            return; // written while it was read
        }
        FileState before = seen;
        seen = now;
        if (before != null && !before.exists()) {
            Diagnostics.info("config " + file + " is back");
        }
        apply(result);
    }

    /**
     * The file's state once it has stayed as it is for the settle time: at once when its modification time is
     * that old, otherwise after waiting and looking again. Null when it is gone or still changing after a few tries.
     */
    private FileState settled(FileState state) {
        for (int i = 0; i < SETTLE_TRIES && state.exists(); i++) {
            long age = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(state.modifiedNanos());
            if (age >= settleMillis) {
                return state;
            }
            // a modification time in the future (another clock's) says nothing: wait the whole settle time
            long wait = age < 0 ? settleMillis : settleMillis - age;
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(wait));
            FileState again = FileState.of(file);
            if (again.equals(state)) {
                return state;
            }
            state = again;
        }
        return null;
    }

    /** Applies a configuration loaded again: the live keys, or nothing when it has errors. */
    void apply(ConfigResult result) {
        if (!result.errors().isEmpty()) {
            List<String> described = new ArrayList<>();
            for (ConfigError e : result.errors()) {
                described.add(e.describe());
            }
            Diagnostics.warn("config " + file + " changed but has " + result.errors().size() + " error(s); the "
                    + "settings in use stay: " + String.join("; ", described));
            return;
        }
        Map<String, Map<String, String>> changes = new LinkedHashMap<>();
        List<String> atNextStart = List.of();
        if (result.enabled() != enabled) {
            changes.put(ConfigKeys.ENABLED.name(), change(Boolean.toString(enabled), Boolean.toString(result.enabled())));
        }
        AgentConfig next = result.config();
        if (result.enabled() && next != null) {
            for (String key : LIVE_KEYS) {
                String from = current.values().get(key);
                String to = next.values().get(key);
                if (!Objects.equals(from, to)) {
                    changes.put(key, change(from, to));
                }
            }
            // the other keys against what is running: reported when that set changes, by name only (the value may
            // be the HMAC key)
            List<String> differing = new ArrayList<>();
            for (String key : union(startup.values().keySet(), next.values().keySet())) {
                if (!LIVE_KEYS.contains(key) && !key.equals(ConfigKeys.ENABLED.name())
                        && !Objects.equals(startup.values().get(key), next.values().get(key))) {
                    differing.add(key);
                }
            }
            if (!differing.equals(pending)) {
                atNextStart = differing;
                pending = differing;
            }
            sampler.update(next.fraction(ConfigKeys.SAMPLE_SUCCESS), next.number(ConfigKeys.SAMPLE_SLOW_MS),
                    next.number(ConfigKeys.SAMPLE_MAX_PER_SECOND));
            current = next;
        }
        enabled = result.enabled();
        sampler.recording(enabled);
        if (changes.isEmpty() && atNextStart.isEmpty()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("file", file.toString());
        fields.put("changes", changes);
        if (!atNextStart.isEmpty()) {
            fields.put("at_next_start", atNextStart);
        }
        events.accept(new DerivedEvent(EVENT, Level.INFO, System.currentTimeMillis(),
                Thread.currentThread().getName(), fields));
        StringBuilder line = new StringBuilder("config ").append(file).append(" changed");
        changes.forEach((key, c) -> line.append("; ").append(key).append(": ").append(c.get("from")).append(" -> ")
                .append(c.get("to")));
        if (!atNextStart.isEmpty()) {
            line.append("; take effect at the next start: ").append(String.join(", ", atNextStart));
        }
        Diagnostics.info(line.toString());
    }

    private static Map<String, String> change(String from, String to) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("from", from);
        c.put("to", to);
        return c;
    }

    /** Both sets' keys, sorted. */
    private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** What is looked at once a second: whether the file is there, its modification time and its size. */
    record FileState(boolean exists, long modifiedNanos, long size) {
        static FileState of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileState(true, a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size());
            } catch (java.io.IOException | RuntimeException e) {
                return new FileState(false, 0, 0);
            }
        }
    }
}
