package io.predlog.benchmarks;

import io.predlog.agent.sink.file.GzipStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * What gzip's deflate costs per byte of the agent's own JSON Lines at the levels and strategies
 * {@code java.util.zip} offers and with the file sink's own encoder ({@code GzipStream}), and the ratio each gives:
 * the file sink's maintenance thread compresses every byte written, so this is the floor of what a logged event
 * costs on disk. Reads one uncompressed {@code .jsonl} file
 * (the argument), deflates it in 64 KiB and 256 KiB pieces as the compressor does, three rounds (the last
 * printed), CPU time of this thread.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/predlog-agent-shaded.jar \
 *      io.predlog.benchmarks.DeflateLevelCost predlog-logs/…/x.jsonl
 * </pre>
 */
public final class DeflateLevelCost {

    private DeflateLevelCost() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        byte[] out = new byte[data.length + 1024];
        int[][] settings = {{1, Deflater.DEFAULT_STRATEGY}, {2, Deflater.DEFAULT_STRATEGY},
            {6, Deflater.DEFAULT_STRATEGY}, {1, Deflater.FILTERED}, {Deflater.DEFAULT_COMPRESSION, Deflater.HUFFMAN_ONLY}};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            for (int[] setting : settings) {
                for (int chunk : new int[] {64 * 1024, 256 * 1024}) {
                    Deflater deflater = new Deflater(setting[0], true);
                    deflater.setStrategy(setting[1]);
                    long cpu = threads.getCurrentThreadCpuTime();
                    long compressed = 0;
                    for (int off = 0; off < data.length; off += chunk) {
                        deflater.setInput(data, off, Math.min(chunk, data.length - off));
                        while (!deflater.needsInput()) {
                            compressed += deflater.deflate(out, 0, out.length);
                        }
                    }
                    deflater.finish();
                    while (!deflater.finished()) {
                        compressed += deflater.deflate(out, 0, out.length);
                    }
                    cpu = threads.getCurrentThreadCpuTime() - cpu;
                    deflater.end();
                    if (round == 2) {
                        System.out.printf("level %2d strategy %d, %3d KiB pieces: %.2f ns/byte (%.0f MB/s), ratio %.1f%n",
                                setting[0], setting[1], chunk / 1024, cpu / (double) data.length,
                                data.length / (cpu / 1e3), data.length / (double) compressed);
                    }
                }
            }
            for (int chunk : new int[] {64 * 1024, 256 * 1024}) {
                CountingSink counted = new CountingSink();
                long cpu = threads.getCurrentThreadCpuTime();
                try (GzipStream gzip = new GzipStream(counted)) {
                    for (int off = 0; off < data.length; off += chunk) {
                        gzip.write(data, off, Math.min(chunk, data.length - off));
                    }
                }
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                if (round == 2) {
                    System.out.printf("GzipStream (predlog),  %3d KiB pieces: %.2f ns/byte (%.0f MB/s), ratio %.1f%n",
                            chunk / 1024, cpu / (double) data.length, data.length / (cpu / 1e3),
                            data.length / (double) counted.count);
                }
            }
        }
    }

    /** Counts what is written and keeps none of it. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
