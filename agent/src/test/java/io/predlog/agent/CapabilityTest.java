package io.predlog.agent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CapabilityTest {

    private final List<String> steps = new ArrayList<>();

    private Capability capability(String name, boolean failsBefore) {
        return new Capability() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                steps.add(name + ".start");
                if (name.equals("broken-start")) {
                    throw new IllegalStateException("cannot start");
                }
            }

            @Override
            public void beforeDrain(long budgetMillis) {
                steps.add(name + ".before(" + budgetMillis + ")");
                if (failsBefore) {
                    throw new IllegalStateException("broken " + name);
                }
            }

            @Override
            public void afterDrain() {
                steps.add(name + ".after");
            }
        };
    }

    @Test
    void theShutdownRunsEveryStepInOrderAroundTheDrainEvenWhenOneFails() {
        Capability.shutDown(List.of(capability("unmatched", false), capability("monitoring", true),
                capability("inflight", false)), 2_000, budget -> steps.add("drain(" + budget + ")"));

        assertEquals(List.of("unmatched.before(1000)", "monitoring.before(1000)", "inflight.before(1000)",
                "drain(2000)", "unmatched.after", "monitoring.after", "inflight.after"), steps);
    }

    @Test
    void partsStartInOrderAndOneThatFailsIsLeftOutOfTheShutdown() {
        List<Capability> started = Capability.startAll(List.of(capability("monitoring", false),
                capability("broken-start", false), Capability.of("targets", () -> steps.add("targets.start")),
                capability("inflight", false)));

        assertEquals(List.of("monitoring.start", "broken-start.start", "targets.start", "inflight.start"), steps);
        assertEquals(List.of("monitoring", "targets", "inflight"), started.stream().map(Capability::name).toList());
    }
}
