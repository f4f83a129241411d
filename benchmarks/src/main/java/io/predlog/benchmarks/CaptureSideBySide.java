package io.predlog.benchmarks;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@link CaptureBenchmark}'s inputs on two builds of the agent's classes in one JVM, side by side ({@link SideBySide}:
 * each build in its own class loader, short batches alternated). All inputs run through the same call sites in one
 * JVM, as in an application that captures several input shapes (JMH's forks, one per input, see one shape each).
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar io.predlog.benchmarks.CaptureSideBySide \
 *      before-classes.jar after-classes.jar [rounds]
 * </pre>
 * where each jar holds a build's {@code agent/target/classes} ({@code jar cf before-classes.jar -C agent/target/classes .}).
 */
public final class CaptureSideBySide {

    private static final String[] INPUTS = {"full", "typical", "full-parsed", "typical-parsed", "object", "record",
        "tensor", "rows"};
    /**
     * {@code captureInput}: a new holder per call; {@code hashOnly}: the hash alone; {@code call}: what a recorded
     * call captures, its input and a {@code double} output, into the two holders that a thread's calls reuse.
     */
    private static final String[] MODES = {"captureInput", "hashOnly", "call"};

    private CaptureSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CaptureSideBySide <before-classes.jar> <after-classes.jar> [rounds]");
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        List<String> cases = new ArrayList<>();
        for (String mode : MODES) {
            for (String input : INPUTS) {
                cases.add(input + " " + mode);
            }
        }
        SideBySide.compare(Path.of(args[0]), Path.of(args[1]), Driver.class, cases, rounds);
    }

    /** Runs one batch in its build's loader: {"input mode", calls} to elapsed nanoseconds. */
    public static final class Driver implements ToLongFunction<Object[]> {
        private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));
        private final Map<String, Object> values = new HashMap<>();
        private final CapturedInput inputHolder = new CapturedInput();
        private final CapturedOutput outputHolder = new CapturedOutput();
        /** Folded results, so the calls cannot be optimised away. */
        public volatile long sink;

        @Override
        public long applyAsLong(Object[] call) {
            String[] inputAndMode = ((String) call[0]).split(" ");
            boolean parsed = CaptureBenchmark.madeForEachCall(inputAndMode[0]);
            Object value = values.computeIfAbsent(inputAndMode[0], CaptureBenchmark::input);
            boolean hashOnly = inputAndMode[1].equals("hashOnly");
            boolean recorded = inputAndMode[1].equals("call");
            int n = (Integer) call[1];
            long folded = 0;
            long start = System.nanoTime();
            if (parsed) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = (Map<String, Object>) value;
                for (int i = 0; i < n; i++) {
                    Map<String, Object> made = Features.asParsed(row);
                    folded += hashOnly ? capture.hashValue(made).prefix() : recorded ? call(made, i)
                            : capture.captureValue(made).hash().prefix();
                }
            } else if (recorded) {
                for (int i = 0; i < n; i++) {
                    folded += call(value, i);
                }
            } else if (hashOnly) {
                for (int i = 0; i < n; i++) {
                    folded += capture.hashValue(value).prefix();
                }
            } else {
                for (int i = 0; i < n; i++) {
                    folded += capture.captureValue(value).hash().prefix();
                }
            }
            long elapsed = System.nanoTime() - start;
            sink = folded;
            return elapsed;
        }

        private long call(Object input, int i) {
            long prefix = capture.captureValue(input, inputHolder).hashPrefix();
            return prefix + capture.captureOutputNumber(i * 0.5, false, outputHolder).hashPrefix();
        }
    }
}
