package io.predlog.agent.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The periodic drop report: one snapshot, so its total is the sum of its reasons. */
class DropReportTest {

    @Test
    void theFirstReportsTotalIsTheSumOfItsReasons() {
        DropCounts drops = new DropCounts(77_841, Map.of("file", 9L), 2, 0);
        assertEquals("dropped 77852 events since the last report, 77852 in all (queue_full=77841,"
                + " sink_error[file]=9, encode_error=2, after_shutdown=0)", Dispatcher.report(drops, 0));
    }

    @Test
    void aLaterReportSaysWhatIsNewAndTheTotalItIsPartOf() {
        DropCounts drops = new DropCounts(150, Map.of(), 0, 0);
        assertEquals("dropped 50 events since the last report, 150 in all (queue_full=150, encode_error=0,"
                + " after_shutdown=0)", Dispatcher.report(drops, 100));
    }
}
