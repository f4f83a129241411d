package io.predlog.agent.sink;

import io.predlog.agent.event.Phase;
import io.predlog.agent.event.SampleEvents;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StdoutSinkTest {

    /** Run in a child JVM: hides System.out, then writes one batch through the sink. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            System.out.println("the application's own output, swallowed");
            StdoutSink sink = new StdoutSink();
            sink.write(Batches.of(SampleEvents.request(Phase.START)));
            sink.close();
            new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true).println("after close");
        }
    }

    @Test
    void writesToTheRealStdoutEvenWhenSystemOutIsReplacedAndNeverClosesIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName()).redirectErrorStream(false).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), err);
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].startsWith("{\"event\":\"request_start\""), out);
        assertEquals("after close", lines[1], "file descriptor 1 still open after close");
        assertFalse(out.contains("swallowed"));
    }

    @Test
    void eachBatchIsOneWriteFollowedByAFlush() throws IOException {
        class Recording extends ByteArrayOutputStream {
            int writes;
            int flushes;
            boolean closed;

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes++;
                super.write(b, off, len);
            }

            @Override
            public void flush() {
                flushes++;
            }

            @Override
            public void close() {
                closed = true;
            }
        }
        Recording out = new Recording();
        StdoutSink sink = new StdoutSink(out);
        EncodedBatch batch = Batches.numbered(0, 5);
        sink.write(batch);
        assertEquals(1, out.writes);
        assertEquals(1, out.flushes);
        assertEquals(batch.byteLength(), out.size());
        sink.close();
        assertFalse(out.closed);
        assertEquals("stdout", sink.name());
    }
}
