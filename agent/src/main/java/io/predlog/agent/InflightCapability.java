package io.predlog.agent;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.Event;
import io.predlog.agent.inflight.InflightStartup;
import io.predlog.agent.inflight.InflightTable;

import java.util.function.Consumer;

/**
 * The in-flight record as a {@link Capability}: at start, dead processes' records become events and this process's
 * file opens; once the pipeline has drained at exit, the file is closed and deleted.
 */
final class InflightCapability implements Capability {

    private final AgentConfig config;
    private final long pid;
    private final Consumer<Event> events;
    private InflightTable table;

    InflightCapability(AgentConfig config, long pid, Consumer<Event> events) {
        this.config = config;
        this.pid = pid;
        this.events = events;
    }

    @Override
    public String name() {
        return "inflight";
    }

    @Override
    public void start() {
        table = InflightStartup.start(config, pid, events);
    }

    /** The table calls are kept in; null when the record is off or could not be opened. */
    InflightTable table() {
        return table;
    }

    @Override
    public void afterDrain() {
        InflightTable t = table;
        if (t == null) {
            return;
        }
        t.close();
        if (t.full() > 0) {
            Diagnostics.warn("in-flight record: " + t.full() + " call(s) found all " + t.slots()
                    + " slots taken and were not recorded; raise predlog.inflight.slots");
        }
    }
}
