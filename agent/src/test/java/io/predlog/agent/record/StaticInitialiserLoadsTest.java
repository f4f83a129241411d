package io.predlog.agent.record;

import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.ModelLoadEvent;
import io.predlog.agent.event.Phase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static initialisers as loads (docs/CONFIGURATION.md, "Which calls a target records"). The classes below call the
 * recorder as the woven advice does: the static initialiser's advice carries {@link TargetRuntime#CLASS_INIT}, the
 * constructor's the target's own id. Each class initialises once per JVM, so each test has a class of its own.
 */
class StaticInitialiserLoadsTest {

    static final int CTOR = 0;
    static final int CLINIT = 1;
    static final List<Event> EVENTS = new ArrayList<>();
    static final Recorder RECORDER = new Recorder(List.of(
            new TargetRuntime(new TargetSpec(TargetKind.LOAD, "weights", MethodPattern.parse("x.W*#<init>"),
                    null, null, null, null)),
            new TargetRuntime(new TargetSpec(TargetKind.LOAD, "table", MethodPattern.parse("x.Table#<clinit>"),
                    null, null, null, null))),
            new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), EVENTS::add);

    static void staticInitialiser(Class<?> type, long millis) {
        Object run = RECORDER.enter(CTOR | TargetRuntime.CLASS_INIT, type.getName() + "#<clinit>", null,
                new Object[0]);
        sleep(millis);
        RECORDER.exit(run, null, null, null);
    }

    static void constructor(Object self) {
        Object load = RECORDER.enter(CTOR, self.getClass().getName() + "#<init>", null, new Object[0]);
        RECORDER.exit(load, self, self, null);
    }

    static final class FirstNew {
        static {
            staticInitialiser(FirstNew.class, 120);
        }

        FirstNew() {
            constructor(this);
        }
    }

    static final class ForName {
        static {
            staticInitialiser(ForName.class, 120);
        }

        ForName() {
            constructor(this);
        }
    }

    static final class OtherMethod {
        static final int SEED;

        static {
            staticInitialiser(OtherMethod.class, 120);
            SEED = 1;
        }

        OtherMethod() {
            constructor(this);
        }
    }

    static final class Table {
        static {
            Object run = RECORDER.enter(CLINIT, "x.Table#<clinit>", null, new Object[0]);
            sleep(30);
            RECORDER.exit(run, null, null, null);
        }

        static int size() {
            return 1;
        }
    }

    @BeforeEach
    void noEventsYet() {
        EVENTS.clear();
    }

    private static ModelLoadEvent success() {
        List<ModelLoadEvent> successes = EVENTS.stream().map(e -> (ModelLoadEvent) e)
                .filter(e -> e.phase() == Phase.SUCCESS).toList();
        assertEquals(1, successes.size(), EVENTS.toString());
        return successes.get(0);
    }

    @Test
    void theStaticInitialiserThatTheFirstNewRunsCountsInItsLoad() {
        long before = System.currentTimeMillis();
        new FirstNew();
        ModelLoadEvent load = success();
        assertTrue(load.loadTimeMs() >= 120, "the static initialiser's 120 ms: " + load);
        assertTrue(load.startEpochMillis() - before < 100, "the load starts with the static initialiser: " + load);
        assertEquals(load.startEpochMillis(), ((ModelLoadEvent) EVENTS.get(0)).startEpochMillis());

        EVENTS.clear();
        new FirstNew();
        assertTrue(success().loadTimeMs() < 120, "only the first construction ran it");
    }

    @Test
    void aStaticInitialiserRunByClassForNameDoesNotCount() throws ClassNotFoundException {
        Class.forName(ForName.class.getName());
        new ForName();
        assertTrue(success().loadTimeMs() < 120, "Class.forName ran it, not the construction");
    }

    @Test
    void aStaticInitialiserRunFromAnotherMethodDoesNotCount() {
        assertEquals(1, seedOf());
        new OtherMethod();
        assertTrue(success().loadTimeMs() < 120, "seedOf() ran it, not the construction");
    }

    private static int seedOf() {
        return OtherMethod.SEED;
    }

    @Test
    void aClinitTargetIsALoadNamedByItsClass() {
        assertEquals(1, Table.size());
        ModelLoadEvent load = success();
        assertEquals("x.Table#<clinit>", load.method());
        assertEquals("Table", load.modelId());
        assertEquals("table", load.target());
        assertTrue(load.loadTimeMs() >= 30, load.toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
