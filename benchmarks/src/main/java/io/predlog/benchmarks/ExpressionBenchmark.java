package io.predlog.benchmarks;

import io.predlog.agent.capture.ExpressionEvaluator;
import io.predlog.agent.config.Expression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What a target's expression costs each call ({@code request_id}, {@code model_id}, {@code model_version}):
 * {@code header} is the sample service's {@code arg0.getRequestHeaders().getFirst("X-Request-ID")} on an exchange
 * whose class is private behind public interfaces (as the JDK's HTTP server's is), {@code field} a private field
 * of the application's model ({@code this.version}).
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main ExpressionBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpressionBenchmark {

    /** An HTTP exchange as the application sees it. */
    public interface Exchange {
        Headers getRequestHeaders();
    }

    /** Its headers. */
    public interface Headers {
        String getFirst(String name);
    }

    private static final class ServerExchange implements Exchange {
        private final Headers headers = name -> name.equals("X-Request-ID") ? "req-42" : null;

        @Override
        public Headers getRequestHeaders() {
            return headers;
        }
    }

    private static final class Model {
        @SuppressWarnings("unused")
        private final String version = "v3";
    }

    private final ExpressionEvaluator header =
            ExpressionEvaluator.compile(Expression.parse("arg0.getRequestHeaders().getFirst(\"X-Request-ID\")"));
    private final ExpressionEvaluator field = ExpressionEvaluator.compile(Expression.parse("this.version"));
    private final Object[] args = {new ServerExchange()};
    private final Model model = new Model();

    @Benchmark
    public Object header() throws Exception {
        return header.evaluate(null, args, null);
    }

    @Benchmark
    public Object field() throws Exception {
        return field.evaluate(model, null, null);
    }
}
