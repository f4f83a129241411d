package io.predlog.agent.sink;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.Level;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * The {@code slf4j} sink: each event becomes one call on the application's own SLF4J logger
 * {@value #LOGGER_NAME}, at the event's level (INFO, WARN, ERROR), so a service that already ships its logs
 * (Logback or Log4j 2 JSON layouts) gets predlog's events in the same stream. With SLF4J 2 the message is the
 * event name and every field of the encoded event is a key-value pair ({@link EventFields}: strings, numbers and
 * booleans as themselves, the nested {@code input} object as its JSON text); with SLF4J 1.x the message is the
 * event's JSON line.
 *
 * <p>The application's SLF4J is used only once the application has loaded {@code org.slf4j.LoggerFactory}
 * ({@link #frameworkLoaded}, fed by a {@code ClassLoadWatch}). Until then events wait in a bounded buffer of
 * {@value #BUFFER_EVENTS} events; a batch that does not fit is refused whole and counted as this sink's
 * {@code sink_error} drops, and events still waiting when the agent stops are counted the same way. Both are
 * said once on stderr.
 *
 * <p>Recursion: the calls run on the dispatcher thread, which predlog does not instrument and which carries no
 * request context, so the application's appenders neither record events nor see predlog's request id in the MDC.
 * predlog's own messages never go through SLF4J ({@link Diagnostics} writes to stderr).
 */
public final class Slf4jSink implements Sink {

    /** The sink's name in {@code predlog.sinks}. */
    public static final String NAME = "slf4j";

    /** The application logger the events go to. */
    public static final String LOGGER_NAME = "predlog.events";
    /** Events kept while the application's SLF4J is not started yet. */
    public static final int BUFFER_EVENTS = 10_000;

    /** One logger of the application. */
    interface AppLogger {
        /** Logs one event; {@code jsonLine} is its encoding without the newline. */
        void log(Level level, String name, String jsonLine) throws Throwable;

        String describe();
    }

    /** Finds the application's logger; null while there is none yet. Dispatcher thread only. */
    interface LoggerSource {
        AppLogger find();
    }

    private record Waiting(Level level, String name, String jsonLine) {
    }

    private final LoggerSource source;
    private final ApplicationSlf4j slf4j;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final int capacity;
    private AppLogger logger;
    private boolean saidWaiting;
    private boolean saidFull;

    /** The sink on the application's SLF4J; feed it {@link #frameworkLoaded} from a class-load watch. */
    public Slf4jSink() {
        this.slf4j = new ApplicationSlf4j(LOGGER_NAME);
        this.source = slf4j;
        this.capacity = BUFFER_EVENTS;
    }

    /** Test seam. */
    Slf4jSink(LoggerSource source, int capacity) {
        this.slf4j = null;
        this.source = source;
        this.capacity = capacity;
    }

    /** The class names whose loading {@link #frameworkLoaded} wants to hear of. */
    public static Set<String> watched() {
        return ApplicationSlf4j.WATCHED;
    }

    /** A watched class was loaded by {@code loader}; may be called on any thread, during class loading. */
    public void frameworkLoaded(String className, ClassLoader loader) {
        if (slf4j != null) {
            slf4j.frameworkLoaded(className, loader);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        if (!ready()) {
            if (waiting.size() + n > capacity) {
                if (!saidFull) {
                    saidFull = true;
                    Diagnostics.warn("slf4j sink: the application has not started SLF4J and " + waiting.size()
                            + " events already wait for it; further events are dropped (counted as sink_error)");
                }
                throw new IOException("the application's SLF4J is not started and the slf4j sink's buffer is full");
            }
            for (int i = 0; i < n; i++) {
                Event event = batch.event(i);
                waiting.add(new Waiting(event.level(), event.name(), line(batch, i)));
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Event event = batch.event(i);
            log(event.level(), event.name(), line(batch, i));
        }
    }

    /** Logs the waiting events if the application's SLF4J has been found. */
    @Override
    public void flush() throws IOException {
        ready();
    }

    @Override
    public void close() throws IOException {
        ready();
        if (!waiting.isEmpty()) {
            int lost = waiting.size();
            waiting.clear();
            throw new LostEventsException(lost, "slf4j sink: " + lost
                    + " events never logged: the application did not start SLF4J", null);
        }
    }

    /** Whether the logger is there (found now if need be), the waiting events logged first. */
    private boolean ready() throws IOException {
        if (logger == null) {
            logger = source.find();
            if (logger == null) {
                if (!saidWaiting) {
                    saidWaiting = true;
                    Diagnostics.info("slf4j sink: waiting for the application to start SLF4J; keeping up to "
                            + capacity + " events meanwhile");
                }
                return false;
            }
            Diagnostics.info("slf4j sink: logging events to the application's logger '" + LOGGER_NAME + "' ("
                    + logger.describe() + ")" + (waiting.isEmpty() ? "" : ", " + waiting.size() + " waiting first"));
        }
        while (!waiting.isEmpty()) {
            Waiting w = waiting.peek();
            log(w.level(), w.name(), w.jsonLine());
            waiting.poll();
        }
        return true;
    }

    private void log(Level level, String name, String jsonLine) throws IOException {
        try {
            logger.log(level, name, jsonLine);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("the application's logger failed on " + name + ": " + t, t);
        }
    }

    private static String line(EncodedBatch batch, int i) {
        int length = batch.length(i);
        byte[] bytes = batch.array();
        int offset = batch.offset(i);
        if (length > 0 && bytes[offset + length - 1] == '\n') {
            length--;
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
