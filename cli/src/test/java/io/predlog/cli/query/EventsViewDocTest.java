package io.predlog.cli.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EventsViewDocTest {

    @Test
    void theReferenceInDocsCliListsEveryColumnOfTheViewWithItsType() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "CLI.md"));
        String begin = "| column | type | meaning |\n|---|---|---|\n";
        int from = doc.indexOf(begin) + begin.length();
        int to = doc.indexOf("\n<!-- /events-columns -->", from);
        assertEquals(EventsView.markdownRows(), doc.substring(from, to),
                "docs/CLI.md's events table differs from EventsView.COLUMNS: paste EventsView.markdownRows()");
    }
}
