package io.predlog.agent;

import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.sampling.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edits to the configuration file applied while running: the live keys, the kill switch, and what is not live. */
class LiveSettingsTest {

    private static final String TARGET = "predlog.predict.score = com.acme.Model#predict\n";

    @TempDir
    Path dir;

    private final List<Event> events = new ArrayList<>();
    private Sampler sampler;
    private Path file;
    private Supplier<ConfigResult> load;
    private LiveSettings live;

    private void start(String text) throws IOException {
        start(text, 20);
    }

    private void start(String text, long settleMillis) throws IOException {
        file = Files.writeString(dir.resolve("agent.properties"), TARGET + text);
        load = () -> ConfigLoader.load("config=" + file + ",sample.slow_ms=250", new Properties(), Map.of(), "Svc",
                List.of("file", "stdout"));
        ConfigResult first = load.get();
        assertTrue(first.ok(), first.errors().toString());
        sampler = Sampler.of(first.config()); // as the agent makes it at start-up
        live = new LiveSettings(file, first.config(), load, sampler, events::add, settleMillis);
        live.start();
        live.beforeDrain(0); // the thread stops: the test calls check() itself
    }

    /** Writes the file and moves its modification time on, as an editor's save does. */
    private void edit(String text) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, TARGET + text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
        live.check();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> changes(Event e) {
        return (Map<String, Object>) ((DerivedEvent) e).fields().get("changes");
    }

    @Test
    void theSamplingKeysApplyToTheNextCallsAndTheChangeIsAnEvent() throws IOException {
        start("predlog.sample.success = 1.0\n");
        edit("predlog.sample.success = 0.25\npredlog.sample.max_per_second = 100\n");

        assertEquals(0.25, sampler.rate(Double.NaN));
        assertEquals(1, events.size());
        DerivedEvent e = (DerivedEvent) events.get(0);
        assertEquals("config_changed", e.name());
        assertEquals(file.toString(), e.fields().get("file"));
        assertEquals(Map.of("predlog.sample.success", Map.of("from", "1.0", "to", "0.25"),
                "predlog.sample.max_per_second", Map.of("from", "0", "to", "100")), changes(e));
        // the rate cap now admits 100 routine events a second
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            kept += sampler.decide("0123456789abcdef0123456789abcd" + String.format("%02x", i % 256), 1.0, 1)
                    == Sampler.KEPT ? 1 : 0;
        }
        assertTrue(kept <= 100, kept + " kept");
    }

    @Test
    void theKillSwitchTurnsRecordingOffAndOnAndAKeySetElsewhereStillWins() throws IOException {
        start("");
        edit("predlog.enabled = false\npredlog.sample.slow_ms = 5\n");
        assertFalse(sampler.recording());
        assertEquals(Map.of("predlog.enabled", Map.of("from", "true", "to", "false")), changes(events.get(0)));

        edit("predlog.enabled = true\npredlog.sample.slow_ms = 5\n");
        assertTrue(sampler.recording());
        // slow_ms is set in the agent arguments, which win over the file: it did not change
        assertEquals(Map.of("predlog.enabled", Map.of("from", "false", "to", "true")), changes(events.get(1)));
        assertEquals(2, events.size());
    }

    @Test
    void otherKeysTakeEffectAtTheNextStartAndAreNamedWithoutTheirValues() throws IOException {
        start("predlog.hash.key = first-secret\n");
        edit("predlog.hash.key = second-secret\npredlog.queue.capacity = 1024\n");

        DerivedEvent e = (DerivedEvent) events.get(0);
        assertEquals(List.of("predlog.hash.key", "predlog.queue.capacity"), e.fields().get("at_next_start"));
        assertEquals(Map.of(), changes(e));
        assertFalse(e.fields().toString().contains("secret"), e.fields().toString());
        assertEquals(1.0, sampler.rate(Double.NaN));

        // a later edit of a live key alone: the keys waiting for a restart are not named again
        edit("predlog.hash.key = second-secret\npredlog.queue.capacity = 1024\npredlog.sample.success = 0.5\n");
        DerivedEvent later = (DerivedEvent) events.get(1);
        assertEquals(Map.of("predlog.sample.success", Map.of("from", "1.0", "to", "0.5")), changes(later));
        assertFalse(later.fields().containsKey("at_next_start"), later.fields().toString());
        // back to the running values: nothing waits for a restart any more, and nothing live changed
        edit("predlog.hash.key = first-secret\npredlog.sample.success = 0.5\n");
        assertEquals(2, events.size(), events.toString());
    }

    @Test
    void aFileWithErrorsChangesNothingAndAnUnchangedFileIsNotReadAgain() throws IOException {
        start("predlog.sample.success = 0.5\n");
        edit("predlog.sample.success = 7\n");
        assertEquals(0.5, sampler.rate(Double.NaN), "the settings in use stay");
        assertTrue(events.isEmpty());

        edit("predlog.sample.success = 0.1\n");
        assertEquals(0.1, sampler.rate(Double.NaN));
        int seen = events.size();
        live.check(); // nothing changed on disk
        assertEquals(seen, events.size());

        Files.delete(file);
        live.check();
        assertEquals(0.1, sampler.rate(Double.NaN), "a file that is gone changes nothing");
    }

    @Test
    void aFileCaughtWhileBeingWrittenIsReadOnceItIsWhole() throws Exception {
        start("predlog.sample.success = 0.5\n", 200);
        // a save that truncates, then writes a moment later: the first look sees an empty file, just modified
        Files.writeString(file, "");
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(40);
                Files.writeString(file, TARGET + "predlog.sample.success = 0.1\n");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        live.check();
        writer.join();
        live.check(); // whatever the first look left is taken now
        assertEquals(1, events.size(), events.toString());
        assertEquals(Map.of("predlog.sample.success", Map.of("from", "0.5", "to", "0.1")), changes(events.get(0)));
        assertFalse(((DerivedEvent) events.get(0)).fields().containsKey("at_next_start"), events.toString());
        assertEquals(0.1, sampler.rate(Double.NaN));
    }

    @Test
    void whatWasReadWhileTheFileChangedIsNotApplied() throws IOException {
        start("predlog.sample.success = 0.5\n");
        Supplier<ConfigResult> whole = load;
        boolean[] torn = {true};
        live = new LiveSettings(file, whole.get().config(), () -> {
            ConfigResult read = whole.get();
            if (torn[0]) { // the rest of the file arrives just after it was read
                torn[0] = false;
                try {
                    Files.writeString(file, TARGET + "predlog.sample.success = 0.1\n");
                    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 5000));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return read;
        }, sampler, events::add, 20);
        live.start();
        live.beforeDrain(0);
        Files.writeString(file, "predlog.sample.success = 0.9\n"); // half a file: no target
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        live.check();
        assertTrue(events.isEmpty(), "the half-written file is not applied: " + events);
        assertEquals(0.5, sampler.rate(Double.NaN));

        live.check();
        assertEquals(1, events.size(), events.toString());
        assertEquals(Map.of("predlog.sample.success", Map.of("from", "0.5", "to", "0.1")), changes(events.get(0)));
        assertEquals(0.1, sampler.rate(Double.NaN));
    }
}
