package io.predlog.benchmarks;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.ProcessInfo;
import io.predlog.agent.event.RequestEvent;
import io.predlog.agent.sink.EncodedBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's encoding of one prediction event by itself: {@link EventJsonEncoder#encode} into a reused
 * {@link EncodedBatch}, as the dispatcher does, cleared every 1,024 events. Only public entry points are used, so
 * the same compiled benchmark runs against two builds of the agent (before and after an encoder change).
 *
 * <ul>
 *   <li>{@code plain}: a prediction without captured input, as {@link FileSinkBenchmark} writes (about 365 bytes);</li>
 *   <li>{@code input}: with the captured input of 18 full-precision features and an output (about 1,450 bytes);</li>
 *   <li>{@code typical}: with the captured input of the typical 18 features ({@link Features}) and an output;</li>
 *   <li>{@code request}: a {@code request_success}, written twice per request an entry target serves;</li>
 *   <li>{@code failure}: a failed prediction whose exception message is one 4,000-character token (a serialized
 *   value, say), which the {@code error_msg} redaction scans.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/predlog-agent-shaded.jar \
 *      org.openjdk.jmh.Main EncoderBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncoderBenchmark {

    @Param({"plain", "input", "typical", "request", "failure"})
    public String event;

    private EventJsonEncoder encoder;
    private EncodedBatch batch;
    private Event prediction;

    @Setup
    public void setUp() {
        encoder = new EventJsonEncoder(new ProcessInfo("fraud-scorer", "host-1", 4242));
        batch = new EncodedBatch(1024, 256 * 1024);
        prediction = event(event);
    }

    /** The event of each {@link #event} case. */
    static Event event(String kind) {
        PredictionEvent plain = new PredictionEvent(1795747680123L, "http-nio-1", "4bf92f3577b34da6a3ce929d0e0e4736",
                "score", "com.acme.fraud.FraudModel#predict", "fraud", "2026-11-01", null, null, null, 0.5123, null,
                null, 1.0);
        switch (kind) {
            case "plain":
                return plain;
            case "request":
                return new RequestEvent(Phase.SUCCESS, plain.startEpochMillis(), plain.thread(), plain.requestId(),
                        "http", "com.acme.fraud.ScoringController#score", 3.25, null, null);
            case "failure":
                return new PredictionEvent(plain.startEpochMillis(), plain.thread(), plain.requestId(),
                        plain.target(), plain.method(), plain.modelId(), plain.modelVersion(), null, null, null, 0.5123,
                        "java.lang.IllegalArgumentException", "bad input " + "x".repeat(4000), 1.0);
            case "input":
            case "typical":
                InputCapture capture = new InputCapture(HashSettings.defaults(), true);
                CapturedInput input = capture.captureArguments(
                        new Object[] {Features.of(kind.equals("input") ? "full" : "typical")});
                CapturedOutput output = capture.captureOutput(0.73);
                return new PredictionEvent(plain.startEpochMillis(), plain.thread(), plain.requestId(),
                        plain.target(), plain.method(), plain.modelId(), plain.modelVersion(), input.hash(),
                        input.characteristics(), output.hash(), plain.latencyMs(), null, null, 1.0, Boolean.TRUE,
                        output.characteristics());
            default:
                throw new IllegalArgumentException("unknown event kind: " + kind);
        }
    }

    @Benchmark
    public int encode() throws IOException {
        if (batch.size() == 1024) {
            batch.clear();
        }
        encoder.encode(prediction, batch.appender());
        batch.commit(prediction);
        return batch.byteLength();
    }
}
