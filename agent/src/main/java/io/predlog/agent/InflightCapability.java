package io.predlog.agent;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.inflight.InflightTable;

/** The in-flight record as a {@link Capability}: closed (and its file deleted) once the pipeline has drained. */
final class InflightCapability implements Capability {

    private final InflightTable table;

    InflightCapability(InflightTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "inflight";
    }

    @Override
    public void afterDrain() {
        table.close();
        if (table.full() > 0) {
            Diagnostics.warn("in-flight record: " + table.full() + " call(s) found all " + table.slots()
                    + " slots taken and were not recorded; raise predlog.inflight.slots");
        }
    }
}
