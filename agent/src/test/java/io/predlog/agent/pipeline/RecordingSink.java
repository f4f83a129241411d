package io.predlog.agent.pipeline;

import io.predlog.agent.event.Event;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps what it is given; can be made to block on its first write, or to fail. */
class RecordingSink implements Sink {

    final String name;
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger flushes = new AtomicInteger();
    volatile boolean closed;
    volatile boolean failing;
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch release; // null: never blocks

    RecordingSink(String name) {
        this.name = name;
    }

    RecordingSink blockingUntilReleased() {
        release = new CountDownLatch(1);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        entered.countDown();
        CountDownLatch gate = release;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing) {
            throw new IOException("disk on fire");
        }
        for (int i = 0; i < batch.size(); i++) {
            events.add(batch.event(i));
            lines.add(new String(batch.array(), batch.offset(i), batch.length(i), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void flush() throws IOException {
        flushes.incrementAndGet();
    }

    @Override
    public void close() throws IOException {
        closed = true;
    }
}
