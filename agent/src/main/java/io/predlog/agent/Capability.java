package io.predlog.agent;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * A part of the agent that lives beside the application and has a say when the JVM exits: what it must do before
 * the pipeline drains (put its last events into the queue) and after (release what it holds). The agent keeps its
 * capabilities in the order they started; {@link #shutDown} runs every {@link #beforeDrain} in that order, drains,
 * then every {@link #afterDrain}, each step on its own, so that one failing step never keeps the others from running.
 */
interface Capability {

    /** The name failures are reported under. */
    String name();

    /** Before the pipeline drains: last events go into the queue, within {@code budgetMillis}. */
    default void beforeDrain(long budgetMillis) {
    }

    /** After the pipeline drained and the sinks closed. */
    default void afterDrain() {
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
