package io.predlog.agent.sink;

import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.sink.file.RollingFileSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinksTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheNamedSinksInOrder() throws IOException {
        List<Sink> sinks = Sinks.create(List.of("stdout", " FILE ", "slf4j"), tmp, SampleEvents.PROCESS);
        assertEquals(List.of("stdout", "file", "slf4j"), sinks.stream().map(Sink::name).toList());
        assertInstanceOf(StdoutSink.class, sinks.get(0));
        RollingFileSink file = (RollingFileSink) sinks.get(1);
        assertTrue(file.currentFile().getFileName().toString().startsWith("predlog-fraud-scorer-"));
        assertTrue(file.currentFile().getFileName().toString().endsWith("-4242-0000.jsonl"));
        file.close();
    }

    @Test
    void anUnknownSinkIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sinks.create(List.of("file", "kafak"), tmp, SampleEvents.PROCESS));
        assertTrue(e.getMessage().contains("kafak"), e.getMessage());
        assertEquals(0, tmp.toFile().list().length, "no sink made when a name is wrong");
    }

    @Test
    void aSinkListedTwiceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sinks.create(List.of("stdout", "stdout"), tmp, SampleEvents.PROCESS));
        assertTrue(e.getMessage().contains("stdout"));
    }

    @Test
    void aFileSinkOverAnUnwritableDirectoryIsStillCreated() throws IOException {
        Path blocker = Files.createFile(tmp.resolve("blocker"));
        List<Sink> sinks = Sinks.create(List.of("file"), blocker.resolve("logs"), SampleEvents.PROCESS);
        assertEquals(1, sinks.size());
        assertTrue(((RollingFileSink) sinks.get(0)).openFailure() != null);
    }
}
