package io.predlog.agent.sink;

import io.predlog.agent.event.Phase;
import io.predlog.agent.event.SampleEvents;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncodedBatchTest {

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    @Test
    void eachEventsLineCanBeSlicedFromTheOneBuffer() throws Exception {
        EncodedBatch batch = Batches.of(SampleEvents.request(Phase.START), SampleEvents.predictionSuccess(),
                SampleEvents.request(Phase.SUCCESS));
        assertEquals(3, batch.size());
        String all = text(batch.bytes());
        String[] lines = all.split("(?<=\n)");
        assertEquals(3, lines.length);
        for (int i = 0; i < 3; i++) {
            assertEquals(lines[i], text(batch.bytes(i)));
            assertEquals(lines[i].getBytes(StandardCharsets.UTF_8).length, batch.length(i));
            assertTrue(lines[i].contains("\"event\":\"" + batch.event(i).name() + "\""));
        }
        assertEquals(all.getBytes(StandardCharsets.UTF_8).length, batch.byteLength());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        batch.writeTo(out);
        assertEquals(all, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rollbackDiscardsOnlyTheUncommittedEvent() throws Exception {
        EncodedBatch batch = new EncodedBatch(1, 8);
        batch.appender().write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
        batch.commit(SampleEvents.numbered(1));
        batch.appender().write("{\"broken".getBytes(StandardCharsets.UTF_8));
        batch.rollback();
        batch.appender().write("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
        batch.commit(SampleEvents.numbered(2));
        assertEquals("{\"a\":1}\n{\"b\":2}\n", text(batch.bytes()));
        assertEquals(2, batch.size());
    }

    @Test
    void clearMakesItReusableAndIndexesAreChecked() {
        EncodedBatch batch = Batches.numbered(0, 3);
        batch.clear();
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.byteLength());
        assertThrows(IndexOutOfBoundsException.class, () -> batch.event(0));
    }
}
