package io.predlog.agent.event;

import io.predlog.agent.capture.NumberHash;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Turns events into JSON Lines (docs/EVENTS.md), on the dispatcher thread (or on an application thread, with an
 * encoder of its own, when the dispatcher falls behind: {@link #another}).
 *
 * <p>Built for a thread that competes with the application for a core. A prediction event, the one written per
 * call, is encoded straight to bytes by {@link PredictionLine}, and a request event, written twice per request an
 * entry target serves, by {@link RequestLine}: each writes what this class's Jackson path writes for it, byte for
 * byte, and hands back the rare event it cannot encode exactly (docs/PERFORMANCE.md, "Pipeline").
 * Every other event, and those rare ones, goes through Jackson ({@link GeneratorLine}, made when
 * first needed, so that Jackson is not loaded while the application starts). The process-constant fields
 * ({@code schema}, {@code service}, {@code host}, {@code pid}) are encoded once, and each line gets the next
 * {@code event_id} of {@link EventIds}. The captured {@code input} ({@link io.predlog.agent.capture.Characteristics})
 * is written from its compact form, its numeric values as the JSON text the capture already produced, so a typical
 * event allocates next to nothing here.
 *
 * <p>Number formats: {@code *_ms} and {@code memory_mb} are plain decimals rounded to three fraction digits
 * (microseconds for milliseconds), never an exponent, at least one fraction digit ({@code 12.0},
 * {@code 0.125}). {@code sample_rate} is written exactly, as plain decimal text. Numbers inside {@code input}
 * are shortest round-trip forms: {@code values} in the RFC 8785 form of the hash ({@code 3}, {@code 1e-7}),
 * other statistics as Jackson writes them ({@code 1.0E-4}); NaN and infinities there become strings.
 * Unknown values (null, empty string, NaN) are left out.
 *
 * <p>Not thread-safe: the dispatcher owns one, and each application thread that encodes its own events another.
 */
public final class EventJsonEncoder {

    /** The {@code schema} version written in every event. */
    public static final int SCHEMA_VERSION = 1;

    private final byte[] processFields;
    /** The line {@link #predictionLine} and {@link #requestLine} write. */
    private final LineFields line;
    private final PredictionLine predictionLine;
    private final RequestLine requestLine;
    private final EventIds ids;
    private final ProcessInfo process;
    /** Hashes the outputs left to the encoder, or null when no event may have one. */
    private final NumberHash numberHash;
    /** The Jackson path, made at the first event {@link PredictionLine} does not take. */
    private GeneratorLine generator;

    /**
     * An encoder stamping every event with {@code process} and an {@code event_id} of its own {@link EventIds}, for
     * events whose hashes were all made by the capture.
     */
    public EventJsonEncoder(ProcessInfo process) {
        this(process, null);
    }

    /**
     * As {@link #EventJsonEncoder(ProcessInfo)}; {@code numberHash}, of the capture's settings, hashes the numeric
     * outputs the capture leaves to the encoder ({@link PredictionEvent#outputHashAtEncoding()}).
     */
    public EventJsonEncoder(ProcessInfo process, NumberHash numberHash) {
        this(process, new EventIds(), numberHash);
    }

    /** An encoder stamping every event with {@code process} and an {@code event_id} from {@code ids}. */
    EventJsonEncoder(ProcessInfo process, EventIds ids, NumberHash numberHash) {
        this.ids = ids;
        this.process = process;
        this.numberHash = numberHash;
        this.processFields = processFieldsJson(process);
        this.line = new LineFields(processFields);
        this.predictionLine = new PredictionLine(line, numberHash);
        this.requestLine = new RequestLine(line);
    }

    /** Whether this encoder hashes the numeric outputs a capture leaves to it (it has a {@link NumberHash}). */
    public boolean hashesNumbers() {
        return numberHash != null;
    }

    /**
     * An encoder for another thread (an encoder is not thread-safe): the same process fields and output hashing,
     * and {@code event_id}s from this one's sequence, so that no two lines of the process share an id.
     */
    public EventJsonEncoder another() {
        return new EventJsonEncoder(process, ids.sharing(), numberHash == null ? null : numberHash.another());
    }

    /**
     * Appends {@code event} as one JSON line, with its trailing {@code '\n'}, to {@code out}: either the whole
     * line or, when encoding fails, nothing (the line is built in a staging buffer and copied in one
     * {@code write}). The encoder stays usable after a failure. Each call gives the line the next
     * {@code event_id} ({@link EventIds}), whether or not it is encoded: an id is never written twice.
     *
     * @throws IOException from {@code out}, or when the event cannot be encoded
     */
    public void encode(Event event, OutputStream out) throws IOException {
        byte[] id = ids.next();
        if (event instanceof PredictionEvent p ? predictionLine.encode(p, id)
                : event instanceof RequestEvent r && requestLine.encode(r, id)) {
            line.writeTo(out);
            return;
        }
        generator().encode(event, id, out);
    }

    /**
     * Appends {@code event} as {@link #encode} does, through the Jackson generator whatever its kind: the path of
     * every event but those {@link PredictionLine} and {@link RequestLine} encode, and the reference they are held
     * to.
     */
    void encodeWithGenerator(Event event, OutputStream out) throws IOException {
        generator().encode(event, ids.next(), out);
    }

    private GeneratorLine generator() {
        GeneratorLine g = generator;
        if (g == null) {
            g = generator = new GeneratorLine(processFields, numberHash);
        }
        return g;
    }

    /**
     * {@code ,"schema":1,"service":…,"host":…,"pid":…}: encoded once, escaped as Jackson escapes; through Jackson
     * itself for a name {@link JsonBytes} cannot write exactly (a lone surrogate).
     */
    static byte[] processFieldsJson(ProcessInfo process) {
        JsonBytes o = new JsonBytes();
        o.ascii(",\"schema\":");
        o.number(SCHEMA_VERSION);
        if (!field(o, ",\"service\":", process.service()) || !field(o, ",\"host\":", process.host())) {
            return GeneratorLine.processFieldsJson(process);
        }
        o.ascii(",\"pid\":");
        o.number(process.pid());
        return Arrays.copyOf(o.array(), o.length());
    }

    /** {@code name} and {@code value} unless the value is null or empty; false when it cannot be written exactly. */
    private static boolean field(JsonBytes o, String name, String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        o.ascii(name);
        return o.string(value);
    }
}
