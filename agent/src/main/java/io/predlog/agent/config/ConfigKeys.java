package io.predlog.agent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of top-level keys (docs/CONFIGURATION.md and the agent's operational keys). A later capability adds its
 * keys here, documents them by regenerating the reference, and reads their values from
 * {@link AgentConfig#values()}.
 */
public final class ConfigKeys {

    /** The prefix of every key. */
    public static final String PREFIX = "predlog.";

    public static final ConfigKey CONFIG = text("predlog.config", null, "none",
            "properties file to read; agent argument `config=PATH`, `-Dpredlog.config`, or `PREDLOG_CONFIG`");
    public static final ConfigKey ENABLED = bool("predlog.enabled", true,
            "off switch: `false` turns the agent off without removing `-javaagent`");
    public static final ConfigKey FAIL_FAST = bool("predlog.fail_fast", false,
            "exit the JVM on a config error instead of disabling the agent");
    public static final ConfigKey SERVICE = text("predlog.service", null,
            "the main class's simple name, or the jar's file name without `.jar`",
            "`service` in every event; must not be blank");
    public static final ConfigKey SINKS = new ConfigKey("predlog.sinks", ValueType.NAME_LIST, "file", "`file`", 0, 0,
            "where events go: a comma list of `file`, `stdout`, `slf4j` (see docs/EVENTS.md), and the sinks of"
                    + " extension jars (`kafka`, `otlp`, docs/SINKS.md)");
    public static final ConfigKey FILE_DIR = new ConfigKey("predlog.file.dir", ValueType.PATH, "./predlog-logs",
            "`./predlog-logs`", 0, 0, "directory where the `file` sink writes `*.jsonl` files");
    public static final ConfigKey INPUT_VALUES = bool("predlog.input.values", true,
            "include the top-level numeric field values in `input.values`");
    public static final ConfigKey HASH_KEY = text("predlog.hash.key", null, "none",
            "HMAC-SHA256 key for `input_hash`/`output_hash`; prefer `PREDLOG_HASH_KEY` so it stays out of"
                    + " command lines; must not be empty");
    public static final ConfigKey HASH_MAX_NODES = number("predlog.hash.max_nodes", 100_000, 1, Integer.MAX_VALUE,
            "hashing stops (and says `*_hash_truncated`) after this many nodes of an object graph");
    public static final ConfigKey HASH_MAX_BYTES = new ConfigKey("predlog.hash.max_bytes", ValueType.BYTES,
            "16777216", "`16MiB` (16777216)", 1, 1L << 32,
            "hashing stops (and says `*_hash_truncated`) after this many canonical bytes");
    public static final ConfigKey QUEUE_CAPACITY = number("predlog.queue.capacity", 65_536, 16, 1 << 26,
            "events waiting for the sinks; when full, new events are dropped and counted, but failures, slow calls"
                    + " and model loads may go a sixteenth past it (see [docs/ARCHITECTURE.md](ARCHITECTURE.md))");
    public static final ConfigKey QUEUE_MAX_BYTES = new ConfigKey("predlog.queue.max_bytes", ValueType.BYTES,
            "33554432", "`32MiB` (33554432)", 65_536, 1L << 40,
            "bytes of encoded events the queue holds at most: once the dispatcher is behind, callers queue their"
                    + " events encoded, and new events are dropped and counted when these lines reach this size, as"
                    + " at `predlog.queue.capacity` (failures, slow calls and model loads a sixteenth past it); the"
                    + " queue's memory is about 1.3 times this");
    public static final ConfigKey SHUTDOWN_TIMEOUT_MS = number("predlog.shutdown.timeout_ms", 5_000, 0, 600_000,
            "at JVM exit, how long to wait for queued events to be written");
    public static final ConfigKey SHUTDOWN_CALLS_WAIT_MS = number("predlog.shutdown.calls_wait_ms", 1_000, 0,
            600_000, "at JVM exit, how long to wait first for the recorded calls running when the exit began"
                    + " (requests, predictions, loads) to end, so that a service stopping gracefully has its last"
                    + " calls recorded; `0`: not at all");
    public static final ConfigKey UNMATCHED_WARNING_S = number("predlog.unmatched_warning_s", 30, 0, 86_400,
            "seconds after start-up to warn about targets that matched no method (those still unmatched are named"
                    + " again at JVM exit); `0` turns the timed warning off");
    // ---- file sink: rolling, compression, retention ----
    public static final ConfigKey FILE_MAX_SIZE_MB = new ConfigKey("predlog.file.max_size_mb", ValueType.DECIMAL,
            "100", "`100`", 0, 1L << 20,
            "the `file` sink starts a new file before one would grow past this many MiB (2^20 bytes); decimals"
                    + " allowed (`0.05` is about 52 KB); files also roll over every hour (UTC)");
    public static final ConfigKey FILE_RETENTION_DAYS = number("predlog.file.retention_days", 7, 0, 36_500,
            "closed files last modified more than this many days ago are deleted (or archived); `0` keeps them"
                    + " regardless of age");
    public static final ConfigKey FILE_MAX_TOTAL_MB = number("predlog.file.max_total_mb", 1024, 0, 1L << 30,
            "when predlog's files under `predlog.file.dir` exceed this many MiB together, the oldest closed ones are"
                    + " deleted (or archived) until they do not; `0` means no limit");
    public static final ConfigKey FILE_ARCHIVE_DIR = new ConfigKey("predlog.file.archive_dir", ValueType.PATH, null,
            "none (expired files are deleted)",  0, 0,
            "move expired files here, keeping their `yyyy/MM/dd/HH/` path, instead of deleting them");
    private static final List<ConfigKey> FILE_KEYS =
            List.of(FILE_MAX_SIZE_MB, FILE_RETENTION_DAYS, FILE_MAX_TOTAL_MB, FILE_ARCHIVE_DIR);
    // ---- end of file sink keys ----

    public static final ConfigKey EXTENSIONS = new ConfigKey("predlog.extensions", ValueType.PATH_LIST, null, "none",
            0, 0, "extension jars (or class directories), loaded by one class loader whose parent is the agent's:"
                    + " their `io.predlog.agent.adapter.TypeAdapter$Factory` services add input types to the hash and"
                    + " the characteristics (docs/ARCHITECTURE.md, \"How to add an input type\"); each must exist");

    // request context across threads
    public static final ConfigKey CONTEXT_THREADS = bool("predlog.context.threads", true,
            "carry the request id across thread hand-offs: `Executor`s (`ThreadPoolExecutor`,"
                    + " `ScheduledThreadPoolExecutor`), `ForkJoinPool`, `CompletableFuture`'s `*Async` methods,"
                    + " `new Thread(...)` and virtual threads");
    public static final ConfigKey CONTEXT_MDC = bool("predlog.context.mdc", true,
            "while a request runs, put its id into the application's logging context: SLF4J's `MDC` (Logback,"
                    + " Log4j 2 through SLF4J) and Log4j 2's `ThreadContext`; the previous value is put back after");
    public static final ConfigKey CONTEXT_MDC_KEY = text("predlog.context.mdc_key", "request_id", "`request_id`",
            "the logging-context key that holds the request id (`%X{request_id}` in a Logback pattern)");

    // HTTP request ids: inbound headers, echo, outbound calls
    public static final ConfigKey HTTP_SERVERS = bool("predlog.http.servers", false,
            "add built-in entry targets named `http` for the common servers, with no `request_id` expression:"
                    + " `com.sun.net.httpserver.HttpHandler#handle` and the Servlet API's `HttpServlet#service"
                    + "(HttpServletRequest, HttpServletResponse)`, `javax` and `jakarta`; each request is recorded"
                    + " once, with the id from `predlog.request_id.headers`");
    public static final ConfigKey REQUEST_ID_HEADERS = new ConfigKey("predlog.request_id.headers", ValueType.NAME_LIST,
            "X-Request-ID,traceparent", "`X-Request-ID,traceparent`", 0, 0,
            "inbound headers that carry a request id, first preferred, read by entry targets on an `HttpExchange`"
                    + " or `HttpServletRequest` first argument that have no `request_id` expression; a W3C"
                    + " `traceparent` gives its trace-id (version `00`, lowercase hex, non-zero), any other header"
                    + " its value (adopted by the rules of docs/EVENTS.md, \"Request ids\")");
    public static final ConfigKey REQUEST_ID_ECHO = bool("predlog.request_id.echo", true,
            "set the request's id as the `X-Request-ID` response header when an HTTP entry starts a request"
                    + " (never replacing the application's own, never on a committed response)");
    public static final ConfigKey HTTP_CLIENTS = bool("predlog.http.clients", true,
            "inside a request, add `X-Request-ID` (and `traceparent` when the id is 32 lowercase hex) to calls"
                    + " made through `java.net.http.HttpClient` and `java.net.HttpURLConnection`, never replacing"
                    + " headers the application set");

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        for (ConfigKey key : List.of(CONFIG, ENABLED, FAIL_FAST, SERVICE, SINKS, FILE_DIR, INPUT_VALUES, HASH_KEY,
                HASH_MAX_NODES, HASH_MAX_BYTES, QUEUE_CAPACITY, QUEUE_MAX_BYTES, SHUTDOWN_TIMEOUT_MS,
                SHUTDOWN_CALLS_WAIT_MS, UNMATCHED_WARNING_S,
                CONTEXT_THREADS, CONTEXT_MDC, CONTEXT_MDC_KEY,
                HTTP_SERVERS, REQUEST_ID_HEADERS, REQUEST_ID_ECHO, HTTP_CLIENTS, EXTENSIONS)) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- sampling and agent_health: one block, registered by its own static initialiser ----

    public static final ConfigKey SAMPLE_SUCCESS = new ConfigKey("predlog.sample.success", ValueType.FRACTION, "1.0",
            "`1.0`", 0, 0, "fraction of successful predictions and requests kept, decided per request id (see"
                    + " [Sampling](#sampling)); errors, slow calls and model loads are always kept; a target may"
                    + " override it with its `sample.success` sub-key");
    public static final ConfigKey SAMPLE_SLOW_MS = number("predlog.sample.slow_ms", 1_000, 0, 86_400_000,
            "a prediction or request that took longer than this many milliseconds is always kept"
                    + " (`sample_rate` 1.0); `0`: no call is kept for being slow");
    public static final ConfigKey SAMPLE_MAX_PER_SECOND = number("predlog.sample.max_per_second", 0, 0,
            1_000_000_000, "at most this many routine events (successful, not slow) are kept per second, across"
                    + " threads; the rest are shed and counted in `agent_health`; errors and slow calls are never"
                    + " shed; `0`: no cap");
    public static final ConfigKey HEALTH_INTERVAL_S = number("predlog.health.interval_s", 60, 0, 86_400,
            "seconds between `agent_health` events (one more is written at shutdown); `0`: only at shutdown");

    /** The keys of the block above, checked by the loader and read through {@link AgentConfig#fraction}/{@link AgentConfig#number}. */
    public static final List<ConfigKey> SAMPLING_AND_HEALTH = List.of(SAMPLE_SUCCESS, SAMPLE_SLOW_MS,
            SAMPLE_MAX_PER_SECOND, HEALTH_INTERVAL_S);

    static {
        for (ConfigKey key : SAMPLING_AND_HEALTH) {
            BY_NAME.put(key.name(), key);
        }
        for (ConfigKey key : FILE_KEYS) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- OpenTelemetry interoperation: one block, registered by its own static initialiser ----

    public static final ConfigKey CONTEXT_OTEL = bool("predlog.context.otel", true,
            "a request that starts inside an OpenTelemetry span (the OpenTelemetry javaagent's, or the application's"
                    + " own OpenTelemetry API) takes the span's trace id as its request id; an inbound id adopted by"
                    + " an entry target's `request_id` still wins; `false`: always generate");

    static {
        BY_NAME.put(CONTEXT_OTEL.name(), CONTEXT_OTEL);
    }

    // ---- end of OpenTelemetry keys ----

    // ---- self-protection: one block, registered by its own static initialiser ----

    public static final ConfigKey PROTECT_ENABLED = bool("predlog.protect.enabled", true,
            "shed the agent's own work in steps while events are being dropped for a full queue or the heap's old"
                    + " generation stays full after collections, and recover when that ends (docs/SAFETY.md,"
                    + " \"Self-protection\"); each step is an `agent_protection` event and a `[predlog]` line");
    public static final ConfigKey PROTECT_HEAP_PCT = number("predlog.protect.heap_pct", 90, 50, 99,
            "heap pressure: the old generation's occupancy after a collection, as a percentage of its maximum, at"
                    + " or above which the agent sheds work");
    public static final ConfigKey PROTECT_UP_S = number("predlog.protect.up_s", 5, 1, 3600,
            "seconds of pressure in a row (drops, or the heap at `heap_pct`) before the next step is taken");
    public static final ConfigKey PROTECT_DOWN_S = number("predlog.protect.down_s", 30, 1, 86_400,
            "seconds without pressure before a step is undone");

    /** The keys of the block above. */
    public static final List<ConfigKey> PROTECT = List.of(PROTECT_ENABLED, PROTECT_HEAP_PCT, PROTECT_UP_S,
            PROTECT_DOWN_S);

    static {
        for (ConfigKey key : PROTECT) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- in-flight record: one block, registered by its own static initialiser ----

    public static final ConfigKey INFLIGHT_ENABLED = bool("predlog.inflight.enabled", true,
            "keep the predict and load calls running right now in a small memory-mapped file, so that a process"
                    + " killed without exiting (`kill -9`, the OOM killer) leaves a record; the next agent started"
                    + " with the same file location writes one `inflight_at_crash` event per call it finds");
    public static final ConfigKey INFLIGHT_FILE = new ConfigKey("predlog.inflight.file", ValueType.PATH, null,
            "`<predlog.file.dir>/inflight-{pid}.bin`", 0, 0,
            "the in-flight file; `{pid}` is replaced by the process id, and at start-up the files of this name"
                    + " (any pid) whose process is gone are read and deleted");
    public static final ConfigKey INFLIGHT_SLOTS = number("predlog.inflight.slots", 1024, 1, 1 << 20,
            "calls the in-flight file can hold at once (576 bytes each); a call that finds every slot taken is"
                    + " not recorded there");

    /** The keys of the block above. */
    public static final List<ConfigKey> INFLIGHT = List.of(INFLIGHT_ENABLED, INFLIGHT_FILE, INFLIGHT_SLOTS);

    static {
        for (ConfigKey key : INFLIGHT) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of in-flight keys ----

    // ---- window statistics: one block, registered by its own static initialiser ----

    public static final ConfigKey STATS_ENABLED = bool("predlog.stats.enabled", true,
            "keep window statistics on every predict call, whatever the sampling, and write one `model_stats` event"
                    + " per target, model and version each window; every call's input is then captured (hashed and"
                    + " characterised), sampled out or not");
    public static final ConfigKey STATS_WINDOW_S = number("predlog.stats.window_s", 60, 1, 86_400,
            "length of a statistics window in seconds; windows are aligned to multiples of it in UTC (a 60 s"
                    + " window starts on the minute)");
    public static final ConfigKey STATS_QUEUE_CAPACITY = number("predlog.stats.queue_capacity", 16_384, 16, 1 << 24,
            "calls waiting for the statistics thread, their features held meanwhile (about 700 bytes a call of 18"
                    + " features); when full, a call is counted (in `calls` and `observations_dropped`, with its"
                    + " latency, input size and error type) but its features are not");
    public static final ConfigKey STATS_MAX_MODELS = number("predlog.stats.max_models", 64, 1, 100_000,
            "at most this many target × model × version combinations have statistics; calls of others are counted"
                    + " (`predlog_stats_untracked_calls_total`, one warning) and not stored");
    public static final ConfigKey STATS_MAX_FEATURES = number("predlog.stats.max_features", 64, 0, 10_000,
            "at most this many input features per model have statistics; others are counted in"
                    + " `features_untracked`");
    public static final ConfigKey STATS_MAX_CATEGORIES = number("predlog.stats.max_categories", 50, 1, 10_000,
            "at most this many distinct values per categorical feature (and error types per model) are counted by"
                    + " name; the rest are counted together as `other`");
    public static final ConfigKey STATS_MAX_ELEMENTS = number("predlog.stats.max_elements", 256, 0, 1 << 20,
            "at most this many elements of each numeric array per call feed its statistics (evenly strided)");
    public static final ConfigKey INPUT_CATEGORICAL = new ConfigKey("predlog.input.categorical", ValueType.NAME_LIST,
            null, "none", 0, 0, "comma list of input fields whose raw values are categories: counted by value in"
                    + " `model_stats`, scored for drift by category, and usable as metric labels (the one"
                    + " exception to \"no raw strings\"); a name matches a top-level field, also under `arg<i>.`");

    /** The keys of the block above. */
    public static final List<ConfigKey> STATS = List.of(STATS_ENABLED, STATS_WINDOW_S, STATS_QUEUE_CAPACITY,
            STATS_MAX_MODELS, STATS_MAX_FEATURES, STATS_MAX_CATEGORIES, STATS_MAX_ELEMENTS, INPUT_CATEGORICAL);

    static {
        for (ConfigKey key : STATS) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of statistics keys ----

    // ---- outputs: one block, registered by its own static initialiser ----

    public static final ConfigKey OUTPUT_ENABLED = bool("predlog.output.enabled", true,
            "characterise each prediction's return value: the `output` object of `prediction_success`,"
                    + " `output_features` in `model_stats` and drift on them; `false`: outputs are hashed only"
                    + " (`output_hash`)");
    public static final ConfigKey OUTPUT_VALUES = bool("predlog.output.values", true,
            "include numbers in `output`: a number output's `value`, and the top-level numeric field values of a map or"
                    + " object output in `output.values`");
    public static final ConfigKey OUTPUT_CATEGORICAL = new ConfigKey("predlog.output.categorical",
            ValueType.NAME_LIST, null, "none", 0, 0, "comma list of output features whose raw string values are"
                    + " categories (a label), named as in `model_stats.output_features`: `output` for a string"
                    + " output, `output.label` for a field of a map or object output; counted by value in"
                    + " `model_stats` and scored for drift by category; an output vector's `argmax(output)` is always"
                    + " categorical");

    /** The keys of the block above. */
    public static final List<ConfigKey> OUTPUT = List.of(OUTPUT_ENABLED, OUTPUT_VALUES, OUTPUT_CATEGORICAL);

    static {
        for (ConfigKey key : OUTPUT) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of output keys ----

    // ---- novelty: one block, registered by its own static initialiser ----

    public static final ConfigKey NOVELTY_ENABLED = bool("predlog.novelty.enabled", true,
            "each prediction event says `input_seen_before`: whether its model was given the same input hash"
                    + " before (a Bloom filter per model id; see [docs/NOVELTY.md](NOVELTY.md)); with it, every"
                    + " predict call's input is hashed, sampled or not");
    public static final ConfigKey NOVELTY_CAPACITY = number("predlog.novelty.capacity", 1_000_000, 1, 100_000_000,
            "distinct inputs per model a filter generation holds at `predlog.novelty.fpp`; two generations are kept,"
                    + " so a model remembers roughly its last 1 to 2 × this many distinct inputs; memory per model is"
                    + " two generations of about 10.1 bits an input at fpp 1 % (see [docs/NOVELTY.md](NOVELTY.md)):"
                    + " about 2.5 MB (1.26 MB per generation) at the defaults");
    public static final ConfigKey NOVELTY_FPP = new ConfigKey("predlog.novelty.fpp", ValueType.DECIMAL, "0.01",
            "`0.01`", 0, 1, "false-positive rate of a full generation: the chance that an input never given is"
                    + " reported `input_seen_before: true`; greater than 0 and less than 1");
    public static final ConfigKey NOVELTY_DIR = new ConfigKey("predlog.novelty.dir", ValueType.PATH, null, "none",
            0, 0, "directory where each model's filters are saved (every 5 minutes and at shutdown) and read back"
                    + " at start, so inputs seen before a restart are still seen; none: forgotten at exit");
    public static final ConfigKey NOVELTY_MAX_MODELS = number("predlog.novelty.max_models", 32, 1, 100_000,
            "model ids tracked at most; predictions of further models carry no `input_seen_before` (counted,"
                    + " warned once)");

    /** The keys of the block above. */
    public static final List<ConfigKey> NOVELTY = List.of(NOVELTY_ENABLED, NOVELTY_CAPACITY, NOVELTY_FPP,
            NOVELTY_DIR, NOVELTY_MAX_MODELS);

    static {
        for (ConfigKey key : NOVELTY) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of novelty keys ----

    // ---- Prometheus endpoint: one block, registered by its own static initialiser ----

    public static final ConfigKey METRICS_PORT = new ConfigKey("predlog.metrics.port", ValueType.WHOLE_NUMBER, null,
            "none (no endpoint)", 0, 65_535,
            "serve Prometheus metrics at `http://<predlog.metrics.host>:<port>/metrics` (see docs/METRICS.md);"
                    + " absent or `0`: no endpoint; a port already in use is reported and the agent goes on without it");
    public static final ConfigKey METRICS_HOST = text("predlog.metrics.host", "127.0.0.1", "`127.0.0.1`",
            "the address the metrics endpoint binds: loopback by default, so only the host itself can scrape;"
                    + " `0.0.0.0` for every interface");

    /** The keys of the block above: the port is checked only when set (it has no default). */
    public static final List<ConfigKey> METRICS = List.of(METRICS_PORT, METRICS_HOST);

    static {
        for (ConfigKey key : METRICS) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of Prometheus endpoint keys ----

    // ---- drift detection: one block, registered by its own static initialiser ----

    public static final ConfigKey DRIFT_ENABLED = bool("predlog.drift.enabled", true,
            "score each statistics window's features against a baseline and write `drift_detected` /"
                    + " `drift_resolved` (docs/DRIFT.md); needs `predlog.stats.enabled`");
    public static final ConfigKey DRIFT_BASELINE_SIZE = number("predlog.drift.baseline_size", 5_000, 1,
            100_000_000, "without a baseline file, a model version's baseline is its first this many predictions");
    public static final ConfigKey DRIFT_BASELINE = text("predlog.drift.baseline", null, "none (learned)",
            "comma list of baseline files (JSON, format in docs/DRIFT.md); a model version they describe is scored"
                    + " against the file's baseline instead of a learned one; an unreadable file is a config error");
    public static final ConfigKey DRIFT_BINS = number("predlog.drift.bins", 10, 2, 100,
            "numeric features: PSI bins at this many baseline quantiles (deciles); equal edges are merged");
    public static final ConfigKey DRIFT_MIN_SAMPLES = number("predlog.drift.min_samples", 500, 1, 1_000_000_000,
            "a feature is scored only in windows with at least this many values of it (and a baseline with as"
                    + " many); smaller windows say `not scored`");
    public static final ConfigKey DRIFT_PSI_THRESHOLD = new ConfigKey("predlog.drift.psi_threshold",
            ValueType.DECIMAL, "0.1", "`0.1`", 0, 100,
            "population stability index at or above this is drift, severity `moderate`");
    public static final ConfigKey DRIFT_PSI_SIGNIFICANT = new ConfigKey("predlog.drift.psi_significant",
            ValueType.DECIMAL, "0.25", "`0.25`", 0, 100,
            "PSI at or above this is severity `significant` (a second `drift_detected` when a drift escalates)");
    public static final ConfigKey DRIFT_KS_THRESHOLD = new ConfigKey("predlog.drift.ks_threshold",
            ValueType.DECIMAL, "0.1", "`0.1`", 0, 1,
            "numeric features: Kolmogorov-Smirnov statistic D at or above this is drift");
    public static final ConfigKey DRIFT_JS_THRESHOLD = new ConfigKey("predlog.drift.js_threshold",
            ValueType.DECIMAL, "0.1", "`0.1`", 0, 1,
            "categorical features: Jensen-Shannon distance (base 2, from 0 to 1) at or above this is drift");
    public static final ConfigKey DRIFT_ALPHA = new ConfigKey("predlog.drift.alpha", ValueType.DECIMAL, "0.001",
            "`0.001`", 0, 1,
            "a score over its threshold is drift only if sampling noise explains it with probability below this,"
                    + " given the window's and the baseline's sizes; `1` turns the check off");

    /** The keys of the block above, checked by the loader and read by {@code DriftSettings.from}. */
    public static final List<ConfigKey> DRIFT = List.of(DRIFT_ENABLED, DRIFT_BASELINE_SIZE, DRIFT_BASELINE,
            DRIFT_BINS, DRIFT_MIN_SAMPLES, DRIFT_PSI_THRESHOLD, DRIFT_PSI_SIGNIFICANT, DRIFT_KS_THRESHOLD,
            DRIFT_JS_THRESHOLD, DRIFT_ALPHA);

    static {
        for (ConfigKey key : DRIFT) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of drift keys ----

    // ---- model files: one block, registered by its own static initialiser ----

    public static final ConfigKey MODEL_SHA256_ENABLED = bool("predlog.model_sha256.enabled", true,
            "`model_load_success` says `model_sha256`: the SHA-256 of the model file (a `Path`, `File` or `String`"
                    + " path argument naming a readable file) or `byte[]` the load call was given, computed on a"
                    + " thread of the agent's own while the load runs");
    public static final ConfigKey MODEL_SHA256_MAX_BYTES = new ConfigKey("predlog.model_sha256.max_bytes",
            ValueType.BYTES, "4294967296", "`4GiB` (4294967296)", 1, 1L << 40,
            "a model file or byte array larger than this is not hashed (`model_sha256_skipped: too_large`)");
    public static final ConfigKey MODEL_SHA256_TIMEOUT_S = number("predlog.model_sha256.timeout_s", 60, 0, 3600,
            "`model_load_success` waits at most this many seconds after the load returned for its file's digest,"
                    + " then is written without it (`model_sha256_skipped: timeout`)");

    /** The keys of the block above, checked by the loader and read by {@code DigestSettings.from}. */
    public static final List<ConfigKey> MODEL_SHA256 = List.of(MODEL_SHA256_ENABLED, MODEL_SHA256_MAX_BYTES,
            MODEL_SHA256_TIMEOUT_S);

    static {
        for (ConfigKey key : MODEL_SHA256) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of model file keys ----

    // ---- kafka sink (the extension jar predlog-kafka-sink.jar, docs/SINKS.md): one block, registered by its own
    // static initialiser ----

    public static final ConfigKey KAFKA_TOPIC = text("predlog.kafka.topic", "predlog-events", "`predlog-events`",
            "the `kafka` sink's topic: one message per event, its value the event's JSON line (docs/SINKS.md)");
    public static final ConfigKey KAFKA_KEY = text("predlog.kafka.key", "model", "`model`",
            "the `kafka` sink's message key: `model` (the model id: one model's events in order in one partition)"
                    + " or `request` (the request id: one request's events together); events without one have no key");
    public static final ConfigKey KAFKA_PRODUCER = text("predlog.kafka.producer.*", null, "none",
            "any Kafka producer setting, passed to the `kafka` sink's producer as is with the prefix removed"
                    + " (`predlog.kafka.producer.bootstrap.servers`, TLS, SASL); a name the producer does not know"
                    + " is warned about; environment: `PREDLOG_KAFKA_PRODUCER_` and the name, dots as underscores");
    public static final ConfigKey KAFKA_SPOOL_DIR = new ConfigKey("predlog.kafka.spool.dir", ValueType.PATH, null,
            "`<predlog.file.dir>/spool/kafka`", 0, 0,
            "where the `kafka` sink keeps the events the broker cannot take now, sent in order when it can"
                    + " (also after a restart); one process per directory");
    public static final ConfigKey KAFKA_SPOOL_MAX_MB = number("predlog.kafka.spool.max_mb", 1024, 0, 1L << 30,
            "bound of the `kafka` sink's spool in MiB; past it, events are dropped and counted as the sink's"
                    + " `sink_error` drops (reason `spool_full` on stderr); `0`: no spool");

    /** The keys of the block above. */
    public static final List<ConfigKey> KAFKA = List.of(KAFKA_TOPIC, KAFKA_KEY, KAFKA_PRODUCER, KAFKA_SPOOL_DIR,
            KAFKA_SPOOL_MAX_MB);

    static {
        for (ConfigKey key : KAFKA) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of kafka sink keys ----

    // ---- otlp sink (the extension jar predlog-otlp-sink.jar, docs/SINKS.md): one block, registered by its own static
    // initialiser; the sink reads them, and checks the endpoint and the headers itself ----

    public static final ConfigKey OTLP_ENDPOINT = text("predlog.otlp.endpoint", "http://localhost:4318/v1/logs",
            "`http://localhost:4318/v1/logs`", "the `otlp` sink's OTLP/HTTP logs endpoint, the full URL (`http://` or"
                    + " `https://`): one log record per event (docs/SINKS.md)");
    public static final ConfigKey OTLP_PROTOCOL = text("predlog.otlp.protocol", "http/protobuf", "`http/protobuf`",
            "the `otlp` sink's encoding: `http/protobuf` or `http/json` (OTLP/JSON)");
    public static final ConfigKey OTLP_HEADERS = text("predlog.otlp.headers", null, "none",
            "request headers of the `otlp` sink, `name=value` pairs separated by commas, values percent-encoded"
                    + " (`authorization=Bearer%20abc`); better given as the environment variable");
    public static final ConfigKey OTLP_COMPRESSION = text("predlog.otlp.compression", "none", "`none`",
            "the `otlp` sink's request compression: `none` or `gzip`");
    public static final ConfigKey OTLP_TIMEOUT_MS = number("predlog.otlp.timeout_ms", 10_000, 1, 600_000,
            "how long one request of the `otlp` sink may take, connecting included, before it is retried");
    public static final ConfigKey OTLP_BATCH_MAX_EVENTS = number("predlog.otlp.batch.max_events", 512, 1, 100_000,
            "the most events (log records) in one request of the `otlp` sink");
    public static final ConfigKey OTLP_BATCH_LINGER_MS = number("predlog.otlp.batch.linger_ms", 200, 0, 60_000,
            "how long an event may wait for others to fill its request of the `otlp` sink");
    public static final ConfigKey OTLP_QUEUE_MAX_EVENTS = number("predlog.otlp.queue.max_events", 2_048, 1,
            10_000_000, "events the `otlp` sink holds in memory; past them, or when a request fails, they go to the"
                    + " spool (without one: further events are dropped and counted)");
    public static final ConfigKey OTLP_RETRY_INITIAL_MS = number("predlog.otlp.retry.initial_ms", 1_000, 1,
            3_600_000, "the `otlp` sink's first wait after a failed request (429, 502, 503, 504, no answer);"
                    + " it doubles with each failure in a row; a `Retry-After` is waited for instead");
    public static final ConfigKey OTLP_RETRY_MAX_MS = number("predlog.otlp.retry.max_ms", 30_000, 1, 3_600_000,
            "the `otlp` sink's longest wait between retries");
    public static final ConfigKey OTLP_SPOOL_DIR = new ConfigKey("predlog.otlp.spool.dir", ValueType.PATH, null,
            "`<predlog.file.dir>/spool/otlp`", 0, 0,
            "where the `otlp` sink keeps the events the endpoint cannot take now, sent in order when it can"
                    + " (also after a restart); one process per directory");
    public static final ConfigKey OTLP_SPOOL_MAX_MB = number("predlog.otlp.spool.max_mb", 1024, 0, 1L << 30,
            "bound of the `otlp` sink's spool in MiB; past it, events are dropped and counted as the sink's"
                    + " `sink_error` drops (reason `spool_full` on stderr); `0`: no spool");

    /** The keys of the block above. */
    public static final List<ConfigKey> OTLP = List.of(OTLP_ENDPOINT, OTLP_PROTOCOL, OTLP_HEADERS, OTLP_COMPRESSION,
            OTLP_TIMEOUT_MS, OTLP_BATCH_MAX_EVENTS, OTLP_BATCH_LINGER_MS, OTLP_QUEUE_MAX_EVENTS, OTLP_RETRY_INITIAL_MS,
            OTLP_RETRY_MAX_MS, OTLP_SPOOL_DIR, OTLP_SPOOL_MAX_MB);

    static {
        for (ConfigKey key : OTLP) {
            BY_NAME.put(key.name(), key);
        }
    }

    // ---- end of otlp sink keys ----

    private ConfigKeys() {
    }

    /** Every registered top-level key, in reference order. */
    public static List<ConfigKey> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The registered key of that name, or null. */
    public static ConfigKey byName(String name) {
        return BY_NAME.get(name);
    }

    /**
     * The prefix key ({@code predlog.kafka.producer.*}: a key of this shape stands for every key under its prefix)
     * that {@code name} falls under, or null.
     */
    public static ConfigKey prefixOf(String name) {
        for (ConfigKey key : BY_NAME.values()) {
            if (key.prefix() && name.length() > key.name().length() - 1
                    && name.startsWith(key.name().substring(0, key.name().length() - 1))) {
                return key;
            }
        }
        return null;
    }

    private static ConfigKey bool(String name, boolean defaultValue, String description) {
        return new ConfigKey(name, ValueType.BOOLEAN, String.valueOf(defaultValue), "`" + defaultValue + "`", 0, 0,
                description);
    }

    private static ConfigKey number(String name, long defaultValue, long min, long max, String description) {
        return new ConfigKey(name, ValueType.WHOLE_NUMBER, String.valueOf(defaultValue), "`" + defaultValue + "`",
                min, max, description);
    }

    private static ConfigKey text(String name, String defaultValue, String defaultText, String description) {
        return new ConfigKey(name, ValueType.TEXT, defaultValue, defaultText, 0, 0, description);
    }
}
