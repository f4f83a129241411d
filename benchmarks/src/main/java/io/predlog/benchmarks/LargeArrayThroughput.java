package io.predlog.benchmarks;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * How fast a large primitive array is hashed as a typed tensor (docs/HASHING.md), against the floor that SHA-256
 * itself sets on this machine: {@code sha256} digests the array's little-endian bytes, already laid out, with the
 * JDK's {@link MessageDigest}; {@code hash} is {@code InputCapture.hashValue} (header and elements written into the
 * digest); {@code capture} is {@code InputCapture.captureValue} with the agent's defaults (the hash, and the
 * characteristics' figures over every element hashed). Throughput is the array's bytes over the time per
 * operation. Arrays of {@code float}, {@code double}, {@code int} and {@code long}, {@code elements} long, of
 * random values, within the default byte bound (16 MiB).
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main LargeArrayThroughput
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LargeArrayThroughput {

    @Param({"float", "double", "int", "long"})
    public String type;

    @Param({"1000000"})
    public int elements;

    private Object array;
    private byte[] bytes;
    private InputCapture capture;
    private MessageDigest sha256;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        Random random = new Random(1);
        int size = type.equals("float") || type.equals("int") ? 4 : 8;
        ByteBuffer le = ByteBuffer.allocate(elements * size).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case "float" -> {
                float[] a = new float[elements];
                for (int i = 0; i < elements; i++) {
                    a[i] = (float) random.nextGaussian();
                    le.putFloat(a[i]);
                }
                array = a;
            }
            case "double" -> {
                double[] a = new double[elements];
                for (int i = 0; i < elements; i++) {
                    a[i] = random.nextGaussian();
                    le.putDouble(a[i]);
                }
                array = a;
            }
            case "int" -> {
                int[] a = new int[elements];
                for (int i = 0; i < elements; i++) {
                    a[i] = random.nextInt();
                    le.putInt(a[i]);
                }
                array = a;
            }
            case "long" -> {
                long[] a = new long[elements];
                for (int i = 0; i < elements; i++) {
                    a[i] = random.nextLong();
                    le.putLong(a[i]);
                }
                array = a;
            }
            default -> throw new IllegalArgumentException("type " + type);
        }
        bytes = le.array();
        capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] sha256() {
        sha256.update(bytes);
        return sha256.digest();
    }

    @Benchmark
    public HashResult hash() {
        return capture.hashValue(array);
    }

    @Benchmark
    public CapturedInput capture() {
        return capture.captureValue(array);
    }
}
