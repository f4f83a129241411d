package io.predlog.sink.kafka;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.spool.Spool;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code kafka} sink: one message per event, its value the event's JSON line, keyed by model id or request id
 * (docs/SINKS.md). The application never waits on it: the producer buffers and sends on its own thread, and what it
 * cannot take now (no broker, a full buffer, a delivery that timed out, the process stopping) goes to the
 * {@link Spool}, from which a thread of the sink ({@code predlog-kafka-spool}) sends it in order once the broker takes
 * messages again. While the spool holds anything, new events join it at the tail, so they keep their order.
 *
 * <p>Delivery is at least once: a spooled chunk is removed from the spool only when every message of it was
 * acknowledged, and sent whole again otherwise. Events lost (spool full, no spool, a message the broker refuses for
 * good) are reported as a {@link LostEventsException} from the next {@code write}, {@code flush} or {@code close},
 * so the pipeline counts them as this sink's {@code sink_error} drops.
 *
 * <p>Threads: {@code write}, {@code flush}, {@code close} from the dispatcher; the spool thread; the producer's
 * callbacks from its I/O thread. The spool and the producer's sends are guarded by one lock; callbacks only touch
 * concurrent counters and queues.
 */
final class KafkaSink implements Sink {

    /** Messages and bytes sent from the spool at a time, acknowledged together. */
    static final int CHUNK_MESSAGES = 2_000;
    static final long CHUNK_BYTES = 4 << 20;
    /** How long after a failed chunk the spool is tried again; also the spool thread's idle wake-up. */
    static final long RETRY_MILLIS = 500;
    /** A spool in use for this long is reported on stderr (a start-up's first events wait for metadata briefly). */
    static final long WARN_AFTER_MILLIS = 5_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final boolean keyByRequest;
    private final Spool spool;
    private final Duration closeTimeout;
    private final Object lock = new Object();
    private final ConcurrentLinkedQueue<SpooledMessage> undelivered = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> lostByReason = new TreeMap<>(); // guarded by itself
    private final Thread spoolThread;
    private volatile boolean closing;
    private long lostReported;
    private long lostTotal;          // guarded by lostByReason
    private Chunk inFlight;          // guarded by lock
    private long retryAtNanos;       // guarded by lock
    private long spoolingSince = -1; // guarded by lock: nanoTime when the spool last became non-empty, or -1
    private boolean warned;          // guarded by lock: the spool's warning was printed

    /**
     * @param producer     the producer (its sends must not block: {@code max.block.ms} small)
     * @param topic        the topic
     * @param keyByRequest message key: the request id when true, else the model id
     * @param spool        where undeliverable messages wait; null for none (they are lost and counted)
     * @param closeTimeout how long {@link #close} waits for messages in flight before spooling them
     */
    KafkaSink(Producer<byte[], byte[]> producer, String topic, boolean keyByRequest, Spool spool,
            Duration closeTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.keyByRequest = keyByRequest;
        this.spool = spool;
        this.closeTimeout = closeTimeout;
        this.spoolThread = new Thread(this::sendSpoolWhileOpen, "predlog-kafka-spool");
        spoolThread.setDaemon(true);
        spoolThread.start();
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        synchronized (lock) {
            keepUndelivered();
            boolean direct = inFlight == null && (spool == null || spool.isEmpty());
            byte[] lines = batch.array();
            for (int i = 0; i < batch.size(); i++) {
                String key = keyByRequest ? batch.event(i).requestId() : batch.event(i).modelId();
                SpooledMessage message = SpooledMessage.of(key, lines, batch.offset(i), batch.length(i));
                if (direct) {
                    if (send(message)) {
                        continue;
                    }
                    direct = false; // from here on, in order behind what is kept
                    keepUndelivered(); // the message that failed, given back by its callback
                    continue;
                }
                keep(message);
            }
            sendSpool();
        }
        reportLost();
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            keepUndelivered();
            sendSpool();
            if (spool != null) {
                spool.sync();
            }
        }
        reportLost();
    }

    @Override
    public void close() throws IOException {
        closing = true;
        spoolThread.interrupt();
        try {
            spoolThread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            // messages still in the producer are delivered within the timeout or fail back to us (kept below)
            producer.close(closeTimeout);
            if (inFlight != null && inFlight.pending.get() == 0 && !inFlight.retry && spool != null) {
                spool.remove(inFlight.size);
            }
            inFlight = null;
            keepUndelivered();
            if (spool != null) {
                if (!spool.isEmpty()) {
                    Diagnostics.info("kafka sink: " + spool.bytes() + " bytes of events wait in " + spool.dir()
                            + "; they are sent when the agent next starts with this spool");
                }
                spool.close();
            }
        }
        reportLost();
    }

    @Override
    public Optional<DiskUsage> diskUsage() {
        synchronized (lock) {
            return spool == null ? Optional.empty() : Optional.of(new DiskUsage(spool.files(), spool.bytes()));
        }
    }

    /** Hands a message to the producer; false when it failed at once (no metadata, no buffer space). */
    private boolean send(SpooledMessage message) {
        Future<RecordMetadata> sent;
        try {
            sent = producer.send(record(message), (metadata, e) -> {
                if (e != null) {
                    undeliverable(message, e);
                }
            });
        } catch (KafkaException e) { // thrown rather than given to the callback
            undeliverable(message, e);
            return false;
        }
        return !failedAtOnce(sent);
    }

    /** An asynchronous failure of a directly sent message: kept (at the spool's tail) unless it can never be sent. */
    private void undeliverable(SpooledMessage message, Exception e) {
        if (closing || e instanceof RetriableException) {
            undelivered.add(message);
        } else {
            lost(1, "rejected: " + e.getClass().getSimpleName());
        }
    }

    /** Appends a message to the spool, after the messages kept before it. Under the lock. */
    private void keep(SpooledMessage message) throws IOException {
        keepUndelivered();
        append(message);
    }

    private void keepUndelivered() throws IOException {
        for (SpooledMessage m = undelivered.poll(); m != null; m = undelivered.poll()) {
            append(m);
        }
    }

    private void append(SpooledMessage message) throws IOException {
        if (spool == null) {
            lost(1, "no_spool");
            return;
        }
        if (spoolingSince < 0) {
            spoolingSince = System.nanoTime();
        }
        try {
            if (!spool.append(message.encode())) {
                lost(1, "spool_full");
            }
        } catch (IOException e) {
            lost(1, "spool_error");
            throw e;
        }
    }

    /**
     * Sends the next chunk of the spool when the previous one is settled: removed when every message of it was
     * acknowledged, kept to be sent again otherwise. Under the lock.
     */
    private void sendSpool() throws IOException {
        if (spool == null) {
            return;
        }
        if (inFlight != null) {
            if (inFlight.pending.get() > 0) {
                return;
            }
            if (inFlight.retry) {
                retryAtNanos = inFlight.failedAtNanos + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            } else {
                spool.remove(inFlight.size);
            }
            inFlight = null;
        }
        if (spool.isEmpty()) {
            if (spoolingSince >= 0 && undelivered.isEmpty()) {
                if (warned) {
                    Diagnostics.info("kafka sink: the broker takes events again; the spool is sent");
                }
                spoolingSince = -1;
                warned = false;
            }
            return;
        }
        if (!warned && System.nanoTime() - spoolingSince >= TimeUnit.MILLISECONDS.toNanos(WARN_AFTER_MILLIS)) {
            warned = true;
            Diagnostics.warn("kafka sink: the broker has taken no event for " + WARN_AFTER_MILLIS / 1000
                    + " s; keeping them in " + spool.dir() + " (" + spool.bytes() + " bytes) until it does");
        }
        if (closing || System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        List<byte[]> records = spool.peek(CHUNK_MESSAGES, CHUNK_BYTES);
        Chunk chunk = new Chunk(records.size());
        inFlight = chunk;
        for (int i = 0; i < records.size(); i++) {
            SpooledMessage message;
            try {
                message = SpooledMessage.decode(records.get(i));
            } catch (IllegalArgumentException e) {
                lost(1, "spool_damaged");
                chunk.settle(null);
                continue;
            }
            boolean failed;
            try {
                failed = failedAtOnce(producer.send(record(message), chunk));
            } catch (KafkaException e) { // thrown rather than given to the callback
                chunk.settle(e);
                failed = true;
            }
            if (failed) { // the rest of the chunk is not sent; all of it is kept
                chunk.retry = true;
                chunk.pending.addAndGet(-(records.size() - i - 1));
                break;
            }
        }
    }

    /** The spool thread: sends the spool when there is one, also while no events come. */
    private void sendSpoolWhileOpen() {
        fetchMetadata();
        while (!closing) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS));
            if (closing) {
                return;
            }
            try {
                synchronized (lock) {
                    if (closing) {
                        return;
                    }
                    keepUndelivered();
                    sendSpool();
                    if (spool != null) {
                        spool.sync();
                    }
                }
            } catch (IOException | RuntimeException e) {
                Diagnostics.failure("sink:kafka:spool", e);
            }
        }
    }

    /**
     * Asks for the topic's metadata until the producer has it (or for a few seconds), so that the first events find
     * it rather than wait in the spool; a broker that is not there only makes this give up.
     */
    private void fetchMetadata() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!closing && System.nanoTime() < deadline) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (KafkaException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private ProducerRecord<byte[], byte[]> record(SpooledMessage message) {
        return new ProducerRecord<>(topic, message.key(), message.value());
    }

    /** Whether the send failed before it returned (the producer then completes its future with the error). */
    private static boolean failedAtOnce(Future<RecordMetadata> sent) {
        if (!sent.isDone()) {
            return false;
        }
        try {
            sent.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void lost(long n, String reason) {
        synchronized (lostByReason) {
            lostByReason.merge(reason, n, Long::sum);
            lostTotal += n;
        }
    }

    /** Throws what was lost since the last report, so the pipeline counts it. */
    private void reportLost() throws LostEventsException {
        long total;
        String reasons;
        synchronized (lostByReason) {
            total = lostTotal;
            reasons = lostByReason.toString();
        }
        long lost = total - lostReported;
        if (lost > 0) {
            lostReported = total;
            throw new LostEventsException(lost, "kafka sink: " + lost + " events lost (all so far, by reason: "
                    + reasons + ")", null);
        }
    }

    /** Messages of the spool sent together; settled when every one was acknowledged or failed. */
    private final class Chunk implements Callback {
        final int size;
        final AtomicInteger pending;
        volatile boolean retry;
        volatile long failedAtNanos;

        Chunk(int size) {
            this.size = size;
            this.pending = new AtomicInteger(size);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            settle(e);
        }

        void settle(Exception e) {
            if (e != null) {
                if (closing || e instanceof RetriableException) {
                    failedAtNanos = System.nanoTime();
                    retry = true;
                } else {
                    lost(1, "rejected: " + e.getClass().getSimpleName());
                }
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(spoolThread); // the next chunk, without waiting for the retry interval
            }
        }
    }
}
