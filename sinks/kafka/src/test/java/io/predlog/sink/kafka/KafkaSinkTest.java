package io.predlog.sink.kafka;

import io.predlog.agent.sink.Batches;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.spool.Spool;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink's promises against a producer whose answers the test decides ({@link MockProducer}): messages in order,
 * what the producer cannot take kept in the spool and sent from it in order, losses counted.
 */
class KafkaSinkTest {

    @TempDir
    Path dir;
    private KafkaSink sink;

    @AfterEach
    void closeTheSink() throws IOException {
        if (sink != null) {
            try {
                sink.close();
            } catch (LostEventsException ignored) {
                // a test about losses has already looked at them
            }
        }
    }

    private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaSink sink(MockProducer<byte[], byte[]> producer, Spool spool) {
        sink = new KafkaSink(producer, "events", false, spool, Duration.ofMillis(100));
        return sink;
    }

    private static List<String> lines(EncodedBatch batch) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            lines.add(new String(batch.array(), batch.offset(i), batch.length(i) - 1, StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static List<String> sent(MockProducer<byte[], byte[]> producer) {
        List<String> values = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Calls flush until the spool is empty, completing what the producer was given each time. */
    private static void sendSpool(KafkaSink sink, MockProducer<byte[], byte[]> producer, Spool spool)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!spool.isEmpty() && System.nanoTime() < deadline) {
            while (producer.completeNext()) {
                // acknowledge every message given so far
            }
            sink.flush();
            Thread.sleep(20);
        }
        assertTrue(spool.isEmpty(), "the spool was sent");
    }

    @Test
    void eachEventIsOneMessageKeyedByItsModelWhoseValueIsItsLine() throws IOException {
        MockProducer<byte[], byte[]> producer = producer(true);
        EncodedBatch batch = Batches.numbered(0, 5);

        sink(producer, null).write(batch);

        assertEquals(lines(batch), sent(producer));
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            assertEquals("fraud", new String(r.key(), StandardCharsets.UTF_8));
            assertEquals("events", r.topic());
        }
    }

    @Test
    void keyedByRequestTheKeyIsTheRequestId() throws IOException {
        MockProducer<byte[], byte[]> producer = producer(true);
        sink = new KafkaSink(producer, "events", true, null, Duration.ofMillis(100));

        sink.write(Batches.numbered(7, 1));

        assertEquals(String.format("%032x", 7), new String(producer.history().get(0).key(), StandardCharsets.UTF_8));
    }

    @Test
    void whatTheProducerRefusesAtOnceIsSpooledAndSentInOrderWhenItTakesMessagesAgain() throws Exception {
        MockProducer<byte[], byte[]> producer = producer(false);
        Spool spool = Spool.open(dir, 1 << 20);
        KafkaSink sink = sink(producer, spool);
        EncodedBatch first = Batches.numbered(0, 3);
        sink.write(first);
        List<String> expected = new ArrayList<>(lines(first));

        producer.sendException = new TimeoutException("no broker"); // no metadata, a full buffer: at once
        for (int i = 1; i <= 3; i++) {
            EncodedBatch batch = Batches.numbered(i * 100, 4);
            sink.write(batch);
            expected.addAll(lines(batch));
        }
        assertFalse(spool.isEmpty(), "kept in the spool");
        assertEquals(3, producer.history().size(), "only the first batch was sent");

        producer.sendException = null;
        EncodedBatch meanwhile = Batches.numbered(900, 2); // joins the spool's tail while it is sent
        sink.write(meanwhile);
        expected.addAll(lines(meanwhile));
        sendSpool(sink, producer, spool);

        assertEquals(expected, sent(producer), "every event once, in order");
    }

    @Test
    void aMessageWhoseDeliveryTimesOutIsSpooledAndSentAgain() throws Exception {
        MockProducer<byte[], byte[]> producer = producer(false);
        Spool spool = Spool.open(dir, 1 << 20);
        KafkaSink sink = sink(producer, spool);
        EncodedBatch batch = Batches.numbered(0, 2);
        sink.write(batch);

        assertTrue(producer.errorNext(new TimeoutException("delivery timed out")));
        assertTrue(producer.completeNext());
        sink.flush(); // the failure is taken into the spool, and the spool sent
        sendSpool(sink, producer, spool);

        assertEquals(List.of(lines(batch).get(0), lines(batch).get(1), lines(batch).get(0)), sent(producer),
                "the first message sent a second time, after the one that went through");
    }

    @Test
    void aChunkNotWhollyAcknowledgedStaysInTheSpoolAndIsSentWholeAgain() throws Exception {
        MockProducer<byte[], byte[]> producer = producer(false);
        Spool spool = Spool.open(dir, 1 << 20);
        KafkaSink sink = sink(producer, spool);
        producer.sendException = new TimeoutException("no broker");
        EncodedBatch batch = Batches.numbered(0, 3);
        sink.write(batch);
        producer.sendException = null;
        Thread.sleep(KafkaSink.RETRY_MILLIS + 100); // the spool is tried again after a pause

        sink.flush(); // sends the chunk of three (unless the spool thread did)
        assertEquals(3, producer.history().size());
        producer.completeNext();
        producer.errorNext(new TimeoutException("broker gone again"));
        producer.completeNext();
        Thread.sleep(KafkaSink.RETRY_MILLIS + 100);
        sendSpool(sink, producer, spool);

        List<String> once = lines(batch);
        List<String> twice = new ArrayList<>(once);
        twice.addAll(once);
        assertEquals(twice, sent(producer), "at least once: the whole chunk again");
    }

    @Test
    void pastTheSpoolsBoundEventsAreLostAndReportedAsTheSinksDrops() throws Exception {
        MockProducer<byte[], byte[]> producer = producer(false);
        Spool spool = Spool.open(dir, 64 << 10);
        KafkaSink sink = sink(producer, spool);
        producer.sendException = new TimeoutException("no broker");

        long lost = 0;
        int events = 0;
        for (int i = 0; i < 200; i++) {
            try {
                sink.write(Batches.numbered(i * 10L, 10));
            } catch (LostEventsException e) {
                assertTrue(e.getMessage().contains("spool_full"), e.getMessage());
                lost += e.lostEvents();
            }
            events += 10;
        }

        assertTrue(lost > 0 && lost < events, "lost " + lost + " of " + events);
        assertEquals(lost, spool.refused());
    }

    @Test
    void withoutASpoolWhatTheProducerRefusesIsLostAndCounted() throws IOException {
        MockProducer<byte[], byte[]> producer = producer(false);
        KafkaSink sink = sink(producer, null);
        producer.sendException = new TimeoutException("no broker");

        LostEventsException e = assertThrows(LostEventsException.class, () -> sink.write(Batches.numbered(0, 4)));

        assertEquals(4, e.lostEvents());
        assertTrue(e.getMessage().contains("no_spool"), e.getMessage());
    }

    @Test
    void aMessageTheBrokerRefusesForGoodIsLostNotRetried() throws IOException {
        MockProducer<byte[], byte[]> producer = producer(false);
        Spool spool = Spool.open(dir, 1 << 20);
        KafkaSink sink = sink(producer, spool);
        sink.write(Batches.numbered(0, 1));

        producer.errorNext(new RecordTooLargeException("too large"));
        LostEventsException e = assertThrows(LostEventsException.class, sink::flush);

        assertEquals(1, e.lostEvents());
        assertTrue(spool.isEmpty(), "not kept: it would be refused again");
    }

    @Test
    void theSpoolsDiskUsageIsReported() throws IOException {
        MockProducer<byte[], byte[]> producer = producer(false);
        Spool spool = Spool.open(dir, 1 << 20);
        KafkaSink sink = sink(producer, spool);
        producer.sendException = new TimeoutException("no broker");
        sink.write(Batches.numbered(0, 3));

        assertEquals(1, sink.diskUsage().orElseThrow().files());
        assertTrue(sink.diskUsage().orElseThrow().bytes() > 0);
    }
}
