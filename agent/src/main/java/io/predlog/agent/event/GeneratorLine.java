package io.predlog.agent.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.NumberHash;
import io.predlog.agent.context.HexDigits;
import io.predlog.agent.context.RequestIds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Jackson path of {@link EventJsonEncoder}: every event but the prediction events {@link PredictionLine} encodes,
 * and the reference that class is held to. One streaming generator is kept for its lifetime and writes into a reused
 * staging buffer; field names are pre-encoded; the process-constant fields are spliced in as raw bytes, followed by
 * the {@code event_id}; the timestamp and the {@code *_ms} numbers are formatted into reused {@code char[]}s; the
 * hashes are written as hex from their 64-bit prefix; the captured {@code input}
 * ({@link io.predlog.agent.capture.Characteristics}) from its compact form ({@link JsonValueWriter}).
 *
 * <p>Made by the encoder when it first needs it, so that Jackson is not loaded while the application starts.
 * Not thread-safe.
 */
final class GeneratorLine {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private static final SerializableString EVENT = name("event");
    private static final SerializableString LEVEL = name("level");
    private static final SerializableString TIMESTAMP = name("timestamp");
    private static final SerializableString EVENT_ID = name("event_id");
    private static final SerializableString THREAD = name("thread");
    private static final SerializableString REQUEST_ID = name("request_id");
    private static final SerializableString TARGET = name("target");
    private static final SerializableString METHOD = name("method");
    private static final SerializableString MODEL_ID = name("model_id");
    private static final SerializableString MODEL_VERSION = name("model_version");
    private static final SerializableString INPUT_HASH = name("input_hash");
    private static final SerializableString INPUT_HASH_TRUNCATED = name("input_hash_truncated");
    private static final SerializableString INPUT_HASH_PARTIAL = name("input_hash_partial");
    private static final SerializableString INPUT_HASH_ERROR = name("input_hash_error");
    private static final SerializableString INPUT_SIZE = name("input_size");
    private static final SerializableString OUTPUT_HASH = name("output_hash");
    private static final SerializableString OUTPUT_HASH_TRUNCATED = name("output_hash_truncated");
    private static final SerializableString OUTPUT_HASH_PARTIAL = name("output_hash_partial");
    private static final SerializableString OUTPUT_HASH_ERROR = name("output_hash_error");
    private static final SerializableString INPUT_SEEN_BEFORE = name("input_seen_before");
    private static final SerializableString LATENCY_MS = name("latency_ms");
    private static final SerializableString INPUT = name("input");
    private static final SerializableString OUTPUT = name("output");
    private static final SerializableString SAMPLE_RATE = name("sample_rate");
    private static final SerializableString LOAD_TIME_MS = name("load_time_ms");
    private static final SerializableString MEMORY_MB = name("memory_mb");
    private static final SerializableString MEMORY_METHOD = name("memory_method");
    private static final SerializableString MEMORY_HEAP_MB = name("memory_heap_mb");
    private static final SerializableString MEMORY_NATIVE_MB = name("memory_native_mb");
    private static final SerializableString MODEL_SHA256 = name("model_sha256");
    private static final SerializableString MODEL_SHA256_SKIPPED = name("model_sha256_skipped");
    private static final SerializableString ERROR_TYPE = name("error_type");
    private static final SerializableString ERROR_MSG = name("error_msg");

    private static final SerializableString FINAL = name("final");
    private static final SerializableString UPTIME_MS = name("uptime_ms");
    private static final SerializableString EVENTS_OFFERED = name("events_offered");
    private static final SerializableString EVENTS_WRITTEN = name("events_written");
    private static final SerializableString EVENTS_SAMPLED_OUT = name("events_sampled_out");
    private static final SerializableString EVENTS_SHED = name("events_shed");
    private static final SerializableString EVENTS_DROPPED = name("events_dropped");
    private static final SerializableString DROPPED = name("dropped");
    private static final SerializableString QUEUE_FULL = name("queue_full");
    private static final SerializableString SINK_ERROR = name("sink_error");
    private static final SerializableString ENCODE_ERROR = name("encode_error");
    private static final SerializableString AFTER_SHUTDOWN = name("after_shutdown");
    private static final SerializableString SINK_FAILURES = name("sink_failures");
    private static final SerializableString QUEUE_DEPTH = name("queue_depth");
    private static final SerializableString QUEUE_CAPACITY = name("queue_capacity");
    private static final SerializableString QUEUE_BYTES = name("queue_bytes");
    private static final SerializableString QUEUE_MAX_BYTES = name("queue_max_bytes");
    private static final SerializableString DISK = name("disk");
    private static final SerializableString FILES = name("files");
    private static final SerializableString BYTES = name("bytes");
    private static final SerializableString CRASHED_PID = name("crashed_pid");
    private static final SerializableString CALL = name("call");

    private static final char[] ONE = {'1', '.', '0'};

    private final SerializableString processFields;
    private final ByteArrayOutputStream staging = new ByteArrayOutputStream(1024);
    private final UtcMillisFormat timestamps = new UtcMillisFormat();
    private final DecimalText decimals = new DecimalText();
    private final JsonValueWriter values = new JsonValueWriter();
    private final char[] hexChars = new char[16];
    /** A generated request id's digits, written from its two numbers. */
    private final byte[] idDigits = new byte[RequestIds.LENGTH];
    private JsonGenerator gen;
    private final NumberHash numberHash;

    /**
     * @param processFields {@code ,"schema":1,"service":…,"host":…,"pid":…} as the encoder writes them
     * @param numberHash    hashes the outputs left to the encoder ({@link PredictionEvent#outputHashAtEncoding()}), or
     *                      null: such an event then fails to encode
     */
    GeneratorLine(byte[] processFields, NumberHash numberHash) {
        this.numberHash = numberHash;
        this.processFields = new SerializedString(new String(processFields, StandardCharsets.UTF_8));
        this.gen = newGenerator();
    }

    /**
     * Appends {@code event} with {@code id} as its {@code event_id} (ASCII bytes) as one JSON line, its trailing
     * {@code '\n'} included, to {@code out}: the whole line or, when encoding fails, nothing. Usable after a failure.
     */
    void encode(Event event, byte[] id, OutputStream out) throws IOException {
        staging.reset();
        try {
            writeEvent(event, id);
            gen.writeRaw('\n');
            gen.flush();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            discardGenerator();
            throw e;
        }
        staging.writeTo(out);
    }

    private void writeEvent(Event event, byte[] id) throws IOException {
        JsonGenerator g = gen;
        g.writeStartObject();
        g.writeFieldName(EVENT);
        g.writeString(event.name());
        g.writeFieldName(LEVEL);
        g.writeString(event.level().name());
        writeTimestamp(event.startEpochMillis());
        g.writeRaw(processFields);
        g.writeFieldName(EVENT_ID);
        g.writeRawUTF8String(id, 0, EventIds.LENGTH);
        string(THREAD, event.thread());
        if (event instanceof PredictionEvent p) {
            writePrediction(p);
        } else if (event instanceof ModelLoadEvent l) {
            writeModelLoad(l);
        } else if (event instanceof RequestEvent r) {
            writeRequest(r);
        } else if (event instanceof AgentHealthEvent h) {
            writeAgentHealth(h);
        } else if (event instanceof InflightAtCrashEvent c) {
            writeInflightAtCrash(c);
        } else if (event instanceof DerivedEvent d) {
            writeDerived(d);
        }
        g.writeEndObject();
    }

    private void writePrediction(PredictionEvent p) throws IOException {
        if (p.numberedRequestId()) {
            gen.writeFieldName(REQUEST_ID);
            RequestIds.hex(p.requestIdHigh(), p.requestIdLow(), idDigits, 0);
            gen.writeRawUTF8String(idDigits, 0, RequestIds.LENGTH);
        } else {
            string(REQUEST_ID, p.requestId());
        }
        string(TARGET, p.target());
        string(METHOD, p.method());
        string(MODEL_ID, p.modelId());
        string(MODEL_VERSION, p.modelVersion());
        int in = p.inputHashBits();
        if ((in & HashResult.PRESENT) != 0) {
            hash(INPUT_HASH, INPUT_HASH_TRUNCATED, INPUT_HASH_PARTIAL, INPUT_HASH_ERROR, p.inputHashPrefix(), in,
                    p.inputHashError());
            if (p.inputSize() >= 0 && (in & HashResult.OPAQUE) == 0) {
                gen.writeFieldName(INPUT_SIZE);
                gen.writeNumber(p.inputSize());
            }
        }
        if (p.success() && (p.outputHashBits() & HashResult.PRESENT) != 0) {
            hash(OUTPUT_HASH, OUTPUT_HASH_TRUNCATED, OUTPUT_HASH_PARTIAL, OUTPUT_HASH_ERROR,
                    p.outputHashPrefix(numberHash), p.outputHashBits(), p.outputHashError());
        }
        if (p.inputSeenBefore() != null) {
            gen.writeFieldName(INPUT_SEEN_BEFORE);
            gen.writeBoolean(p.inputSeenBefore());
        }
        millis(LATENCY_MS, p.latencyMs());
        if (p.input() != null) {
            gen.writeFieldName(INPUT);
            values.write(gen, p.input());
        }
        if (p.success() && p.outputNumberType() != CapturedOutput.NO_NUMBER) {
            gen.writeFieldName(OUTPUT);
            values.number(gen, p.outputNumberTypeName(), p.outputNumberWritten(), p.outputNumber());
        } else if (p.success() && p.outputCharacteristics() != null) {
            gen.writeFieldName(OUTPUT);
            values.write(gen, p.outputCharacteristics());
        }
        sampleRate(p.sampleRate());
        if (!p.success()) {
            error(p.errorType(), p.errorMessage());
        }
    }

    private void writeModelLoad(ModelLoadEvent l) throws IOException {
        string(REQUEST_ID, l.requestId());
        string(TARGET, l.target());
        string(METHOD, l.method());
        string(MODEL_ID, l.modelId());
        string(MODEL_VERSION, l.modelVersion());
        switch (l.phase()) {
            case START -> { }
            case SUCCESS -> {
                millis(LOAD_TIME_MS, l.loadTimeMs());
                millis(MEMORY_MB, l.memoryMb());
                string(MEMORY_METHOD, l.memoryMethod());
                millis(MEMORY_HEAP_MB, l.memoryHeapMb());
                millis(MEMORY_NATIVE_MB, l.memoryNativeMb());
                string(MODEL_SHA256, l.modelSha256());
                string(MODEL_SHA256_SKIPPED, l.modelSha256Skipped());
            }
            case FAILURE -> {
                millis(LOAD_TIME_MS, l.loadTimeMs());
                error(l.errorType(), l.errorMessage());
            }
        }
    }

    private void writeRequest(RequestEvent r) throws IOException {
        string(REQUEST_ID, r.requestId());
        string(TARGET, r.target());
        string(METHOD, r.method());
        switch (r.phase()) {
            case START -> { }
            case SUCCESS -> millis(LATENCY_MS, r.latencyMs());
            case FAILURE -> millis(LATENCY_MS, r.latencyMs());
        }
        sampleRate(r.sampleRate());
        if (r.phase() == Phase.FAILURE) {
            error(r.errorType(), r.errorMessage());
        }
    }

    private void writeAgentHealth(AgentHealthEvent h) throws IOException {
        JsonGenerator g = gen;
        if (h.last()) {
            g.writeFieldName(FINAL);
            g.writeBoolean(true);
        }
        millis(UPTIME_MS, h.uptimeMs());
        count(EVENTS_OFFERED, h.offered());
        count(EVENTS_WRITTEN, h.written());
        count(EVENTS_SAMPLED_OUT, h.sampledOut());
        count(EVENTS_SHED, h.shed());
        count(EVENTS_DROPPED, h.dropped());
        g.writeFieldName(DROPPED);
        g.writeStartObject();
        count(QUEUE_FULL, h.queueFull());
        g.writeFieldName(SINK_ERROR);
        counts(h.sinkError());
        count(ENCODE_ERROR, h.encodeError());
        count(AFTER_SHUTDOWN, h.afterShutdown());
        g.writeEndObject();
        g.writeFieldName(SINK_FAILURES);
        counts(h.sinkFailures());
        count(QUEUE_DEPTH, h.queued());
        count(QUEUE_CAPACITY, h.queueCapacity());
        count(QUEUE_BYTES, h.queuedBytes());
        count(QUEUE_MAX_BYTES, h.queueMaxBytes());
        if (!h.disk().isEmpty()) {
            g.writeFieldName(DISK);
            g.writeStartObject();
            for (java.util.Map.Entry<String, AgentHealthEvent.Disk> e : h.disk().entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeStartObject();
                count(FILES, e.getValue().files());
                count(BYTES, e.getValue().bytes());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    private void writeDerived(DerivedEvent d) throws IOException {
        for (java.util.Map.Entry<String, Object> e : d.fields().entrySet()) {
            if (e.getValue() != null) {
                gen.writeFieldName(e.getKey());
                values.write(gen, e.getValue());
            }
        }
    }

    private void writeInflightAtCrash(InflightAtCrashEvent c) throws IOException {
        count(CRASHED_PID, c.crashedPid());
        string(CALL, c.call());
        string(REQUEST_ID, c.requestId());
        string(TARGET, c.target());
        string(METHOD, c.method());
        string(MODEL_ID, c.modelId());
        string(MODEL_VERSION, c.modelVersion());
        HashResult in = c.input();
        if (in != null) {
            hash(INPUT_HASH, INPUT_HASH_TRUNCATED, INPUT_HASH_PARTIAL, INPUT_HASH_ERROR, in);
            if (in.size() >= 0 && !in.opaque()) {
                count(INPUT_SIZE, in.size());
            }
        }
    }

    private void count(SerializableString field, long value) throws IOException {
        gen.writeFieldName(field);
        gen.writeNumber(value);
    }

    private void counts(java.util.Map<String, Long> bySink) throws IOException {
        gen.writeStartObject();
        for (java.util.Map.Entry<String, Long> e : bySink.entrySet()) {
            gen.writeFieldName(e.getKey());
            gen.writeNumber(e.getValue());
        }
        gen.writeEndObject();
    }

    private void hash(SerializableString field, SerializableString truncated, SerializableString partial,
                      SerializableString error, HashResult hash) throws IOException {
        hash(field, truncated, partial, error, hash.prefix(), hash.bits(), hash.error());
    }

    /** A hash packed as {@link HashResult#bits()} says, with its prefix and error. */
    private void hash(SerializableString field, SerializableString truncated, SerializableString partial,
                      SerializableString error, long prefix, int bits, String hashError) throws IOException {
        if ((bits & HashResult.OPAQUE) == 0) { // native state that nothing read, or an unreadable value, has no hash
            gen.writeFieldName(field);
            HexDigits.write(prefix, hexChars, 0);
            gen.writeString(hexChars, 0, 16);
        }
        if ((bits & HashResult.TRUNCATED) != 0) {
            gen.writeFieldName(truncated);
            gen.writeBoolean(true);
        }
        if ((bits & HashResult.PARTIAL) != 0) {
            gen.writeFieldName(partial);
            gen.writeBoolean(true);
        }
        if (hashError != null) {
            gen.writeFieldName(error);
            gen.writeString(hashError);
        }
    }

    private void error(String type, String message) throws IOException {
        string(ERROR_TYPE, type);
        string(ERROR_MSG, ErrorMessages.redact(message));
    }

    private void string(SerializableString field, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            gen.writeFieldName(field);
            gen.writeString(value);
        }
    }

    private void millis(SerializableString field, double value) throws IOException {
        if (!Double.isFinite(value)) {
            return;
        }
        gen.writeFieldName(field);
        if (Math.abs(value) < DecimalText.MAX_FAST) {
            gen.writeNumber(decimals.chars(), 0, decimals.formatMillis(value));
        } else {
            gen.writeNumber(DecimalText.plain(value));
        }
    }

    private void sampleRate(double rate) throws IOException {
        if (!Double.isFinite(rate)) {
            return;
        }
        gen.writeFieldName(SAMPLE_RATE);
        if (rate == 1.0) {
            gen.writeNumber(ONE, 0, ONE.length);
        } else {
            gen.writeNumber(DecimalText.plain(rate));
        }
    }

    private void writeTimestamp(long epochMillis) throws IOException {
        gen.writeFieldName(TIMESTAMP);
        int length = timestamps.format(epochMillis);
        if (length > 0) {
            gen.writeString(timestamps.chars(), 0, length);
        } else {
            gen.writeString(UtcMillisFormat.text(epochMillis));
        }
    }

    private JsonGenerator newGenerator() {
        try {
            return FACTORY.createGenerator(staging);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON generator over memory", e);
        }
    }

    /** A generator that failed mid-event is in an unknown state: replace it and drop what it buffered. */
    private void discardGenerator() {
        try {
            gen.close();
        } catch (Throwable ignored) {
            // it is being replaced
        }
        staging.reset();
        gen = newGenerator();
    }

    /** {@code ,"schema":1,"service":…,"host":…,"pid":…} as Jackson encodes them. */
    static byte[] processFieldsJson(ProcessInfo process) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeNumberField("schema", EventJsonEncoder.SCHEMA_VERSION);
            if (process.service() != null && !process.service().isEmpty()) {
                g.writeStringField("service", process.service());
            }
            if (process.host() != null && !process.host().isEmpty()) {
                g.writeStringField("host", process.host());
            }
            g.writeNumberField("pid", process.pid());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the process fields", e);
        }
        byte[] object = bytes.toByteArray(); // {…}: the braces become a leading comma
        byte[] fields = Arrays.copyOfRange(object, 0, object.length - 1);
        fields[0] = ',';
        return fields;
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }
}
