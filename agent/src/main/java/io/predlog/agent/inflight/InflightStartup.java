package io.predlog.agent.inflight;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.Event;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Start-up of the in-flight record: what {@code PredlogAgent} calls. */
public final class InflightStartup {

    private InflightStartup() {
    }

    /** The configured file name, {@code {pid}} not yet replaced. */
    public static Path configuredFile(AgentConfig config) {
        Path path = config.path(ConfigKeys.INFLIGHT_FILE);
        return path != null ? path : config.fileDir().resolve("inflight-" + InflightRecovery.PID + ".bin");
    }

    /**
     * Reports the calls that dead processes left in their files, then opens this process's file and starts
     * watching it ({@link InflightWatch}). Never throws.
     *
     * @return the table to hand to the recorder; null when the record is off or its file cannot be opened
     */
    public static InflightTable start(AgentConfig config, long pid, Consumer<Event> events) {
        if (!config.bool(ConfigKeys.INFLIGHT_ENABLED)) {
            return null;
        }
        Path configured = configuredFile(config);
        try {
            int found = InflightRecovery.recover(configured, pid, events);
            if (found > 0) {
                Diagnostics.warn("in-flight record: " + found + " call(s) were running in a process that died;"
                        + " written as inflight_at_crash events");
            }
        } catch (Throwable t) {
            Diagnostics.failure("inflight.recover", t);
        }
        Path own = InflightRecovery.fileFor(configured, pid);
        try {
            InflightTable table = InflightTable.create(own, (int) config.number(ConfigKeys.INFLIGHT_SLOTS), pid,
                    InflightRecovery.currentStartMillis());
            InflightWatch.start(table); // recreates the file should it be deleted while the process runs
            return table;
        } catch (Throwable t) {
            Diagnostics.warn("in-flight record off: cannot open " + own + " (" + t + ")");
            return null;
        }
    }
}
