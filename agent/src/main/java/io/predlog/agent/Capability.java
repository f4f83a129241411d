package io.predlog.agent;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A part of the agent: started in a fixed order at start-up ({@link #startAll}), and with a say when the JVM exits:
 * what it must do before the pipeline drains (put its last events into the queue) and after (release what it
 * holds). {@link #shutDown} runs every {@link #beforeDrain} in start order, drains, then every {@link #afterDrain}.
 * Each step runs on its own: a part that fails is reported, and the agent goes on without it.
 */
interface Capability {

    /** The name failures are reported under. */
    String name();

    /** Starts it; parts started before it are running. */
    void start() throws Exception;

    /** Before the pipeline drains: last events go into the queue, within {@code budgetMillis}. */
    default void beforeDrain(long budgetMillis) {
    }

    /** After the pipeline drained and the sinks closed. */
    default void afterDrain() {
    }

    /** A part that only starts (it has nothing to do at shutdown). */
    static Capability of(String name, Starter starter) {
        return new Capability() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                starter.start();
            }
        };
    }

    /** What starts a {@link #of} part. */
    @FunctionalInterface
    interface Starter {
        void start() throws Exception;
    }

    /** Starts each in order; returns those that started (a failure is reported and that part left out). */
    static List<Capability> startAll(List<Capability> capabilities) {
        List<Capability> started = new ArrayList<>(capabilities.size());
        for (Capability capability : capabilities) {
            try {
                capability.start();
                started.add(capability);
            } catch (Throwable t) {
                Diagnostics.failure("start:" + capability.name(), t);
            }
        }
        return List.copyOf(started);
    }

    /**
     * The shutdown: {@code beforeDrain} of each capability in order (with half the budget), the drain, then
     * {@code afterDrain} of each.
     *
     * @param drain drains the pipeline within the budget it is given
     */
    static void shutDown(List<Capability> capabilities, long budgetMillis, LongConsumer drain) {
        for (Capability capability : capabilities) {
            try {
                capability.beforeDrain(budgetMillis / 2);
            } catch (Throwable t) {
                Diagnostics.failure("shutdown:" + capability.name(), t);
            }
        }
        try {
            drain.accept(budgetMillis);
        } catch (Throwable t) {
            Diagnostics.failure("shutdown:pipeline", t);
        }
        for (Capability capability : capabilities) {
            try {
                capability.afterDrain();
            } catch (Throwable t) {
                Diagnostics.failure("shutdown:" + capability.name(), t);
            }
        }
    }
}
