package io.predlog.sample;

import java.util.Map;

/**
 * The command line of {@link SampleService}.
 *
 * @param port        HTTP port; 0 picks an ephemeral one ({@code --port}, else {@code SAMPLE_APP_PORT}, else 8080)
 * @param workers     prediction worker threads ({@code --workers}, default 4)
 * @param httpThreads request handler threads ({@code --http-threads}, default 8)
 * @param timeoutMs   how long a request waits for its prediction ({@code --timeout-ms}, default 2000)
 * @param workload    when positive, run this many in-process predictions and exit ({@code --workload})
 * @param seed        seed of the workload ({@code --seed}, default 42)
 */
record ServiceOptions(int port, int workers, int httpThreads, long timeoutMs, int workload, long seed) {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar predlog-sample-app.jar [--port N] [--workers N] [--http-threads N] [--timeout-ms N]",
            "       java -jar predlog-sample-app.jar --workload N [--seed S]",
            "  --port N        HTTP port, 0 for an ephemeral one (default: $SAMPLE_APP_PORT, else 8080)",
            "  --workload N    run N in-process predictions, print one line each, and exit (no HTTP)");

    static ServiceOptions parse(String[] args, Map<String, String> env) {
        String envPort = env.get("SAMPLE_APP_PORT");
        int port = envPort == null || envPort.isBlank() ? 8080 : parseInt("SAMPLE_APP_PORT", envPort);
        int workers = 4;
        int httpThreads = 8;
        long timeoutMs = 2000;
        int workload = 0;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag + System.lineSeparator() + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--port": port = parseInt(flag, value); break;
                case "--workers": workers = parseInt(flag, value); break;
                case "--http-threads": httpThreads = parseInt(flag, value); break;
                case "--timeout-ms": timeoutMs = parseInt(flag, value); break;
                case "--workload": workload = parseInt(flag, value); break;
                case "--seed":
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed: not an integer: " + value);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + flag + System.lineSeparator() + USAGE);
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (workers < 1 || httpThreads < 1 || timeoutMs < 1 || workload < 0) {
            throw new IllegalArgumentException("--workers, --http-threads and --timeout-ms must be positive");
        }
        return new ServiceOptions(port, workers, httpThreads, timeoutMs, workload, seed);
    }

    private static int parseInt(String what, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": not an integer: " + value);
        }
    }
}
