package io.predlog.agent;

import io.predlog.agent.adapter.TypeAdapter;
import io.predlog.agent.bootstrap.HttpBridge;
import io.predlog.agent.bootstrap.LibraryInputBridge;
import io.predlog.agent.bootstrap.PredlogBridge;
import io.predlog.agent.capture.DMatrixData;
import io.predlog.agent.capture.DigestWarmUp;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.NumberHash;
import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigError;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.context.ContextPropagation;
import io.predlog.agent.context.RequestContext;
import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.extension.Extensions;
import io.predlog.agent.event.ProcessInfo;
import io.predlog.agent.http.HttpServerTargets;
import io.predlog.agent.http.HttpSettings;
import io.predlog.agent.http.InboundIds;
import io.predlog.agent.http.OutboundIds;
import io.predlog.agent.instrument.AgentInstaller;
import io.predlog.agent.instrument.ClassLoadWatch;
import io.predlog.agent.instrument.JdkInstrumentation;
import io.predlog.agent.instrument.LibraryInputs;
import io.predlog.agent.instrument.WeavingThread;
import io.predlog.agent.logs.LogCorrelation;
import io.predlog.agent.otel.OpenTelemetryTraceIds;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.record.CallsInProgress;
import io.predlog.agent.record.JdkWeaving;
import io.predlog.agent.record.ModelRegistry;
import io.predlog.agent.record.PendingRecorder;
import io.predlog.agent.record.Recorder;
import io.predlog.agent.record.Recording;
import io.predlog.agent.record.TargetRuntime;
import io.predlog.agent.sampling.Sampler;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkFactories;
import io.predlog.agent.sink.SinkSettings;
import io.predlog.agent.sink.Slf4jSink;

import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Starts the agent inside its isolated class loader: reads and validates the configuration, registers the
 * instrumentation, then wires the flow end to end beside the application's start — sinks, pipeline, recorder,
 * bridge — with the shutdown hook that drains it.
 */
public final class PredlogAgent {

    /** The longest the start thread spends compiling SHA-256 ({@link #compileDigests}). */
    static final long DIGEST_WARM_UP_NANOS = 250_000_000L;

    private PredlogAgent() {
    }

    /** Called once by the launcher. A config error disables the agent (or exits, under fail_fast). */
    public static void start(String agentArgs, Instrumentation instrumentation) {
        WarmUp.inBackground();
        SinkFactories builtIn = SinkFactories.load(); // the agent's own loader: built-in sinks
        ExtensionJars extensions = new ExtensionJars();
        // the same load again whenever the configuration file changes while running (LiveSettings)
        Supplier<ConfigResult> load = () -> ConfigLoader.load(agentArgs, System.getProperties(), System.getenv(),
                defaultService(), jars -> extensions.open(jars).sinkFactories(builtIn).names());
        ConfigResult result = load.get();
        for (String warning : result.warnings()) {
            Diagnostics.warn(warning);
        }
        if (!result.errors().isEmpty()) {
            for (ConfigError error : result.errors()) {
                Diagnostics.error("config: " + error.describe());
            }
            if (result.failFast()) {
                Diagnostics.error("predlog.fail_fast=true: exiting because of " + result.errors().size()
                        + " config error(s)");
                System.exit(2);
            }
            Diagnostics.error("agent disabled because of " + result.errors().size()
                    + " config error(s); the application runs without it");
            return;
        }
        if (!result.enabled() || result.config() == null) {
            Diagnostics.info("predlog " + version() + " disabled (predlog.enabled=false)");
            return;
        }
        Extensions jars = extensions.open(result.config().paths(ConfigKeys.EXTENSIONS));
        start(result.config(), jars, jars.sinkFactories(builtIn), instrumentation, load);
    }

    /** The extension jars, opened once whether the configuration asks for their sinks or not. */
    private static final class ExtensionJars {
        private List<Path> opened;
        private Extensions extensions = Extensions.NONE;

        Extensions open(List<Path> jars) {
            if (!jars.equals(opened)) {
                opened = jars;
                try {
                    extensions = Extensions.of(jars);
                } catch (RuntimeException | LinkageError e) {
                    Diagnostics.error("extensions could not be loaded (" + e.getMessage()
                            + "); the agent runs without them");
                    extensions = Extensions.NONE;
                }
            }
            return extensions;
        }
    }

    /** The input types the extension jars add (docs/ARCHITECTURE.md, "How to add an input type"). */
    private static List<TypeAdapter.Factory> inputTypes(Extensions extensions) {
        if (extensions.jars().isEmpty()) {
            return List.of();
        }
        try {
            List<TypeAdapter.Factory> found = extensions.typeAdapters();
            Diagnostics.info("extensions: " + found.size() + " input type factor" + (found.size() == 1 ? "y" : "ies")
                    + " from " + extensions.jars());
            return found;
        } catch (RuntimeException | LinkageError e) {
            Diagnostics.error("extensions could not be loaded (" + e.getMessage() + "); the agent runs without them");
            return List.of();
        }
    }

    /**
     * Registers the transformers (they must see the application's classes as they load) and starts their weaving
     * thread, then starts everything else on a thread of its own beside the application ({@link BackgroundStart}):
     * recorded calls wait for both.
     */
    private static void start(AgentConfig config, Extensions extensions, SinkFactories sinkFactories,
            Instrumentation instrumentation, Supplier<ConfigResult> load) {
        List<TargetRuntime> targets = new ArrayList<>();
        for (TargetSpec spec : config.targets()) {
            targets.add(new TargetRuntime(spec));
        }
        // HTTP request ids: built-in server targets after the user's (their indices follow)
        HttpSettings http = HttpSettings.from(config);
        List<TargetSpec> httpTargets = http.servers() ? HttpServerTargets.specs() : List.of();
        for (TargetSpec spec : httpTargets) {
            targets.add(new TargetRuntime(spec));
        }
        byte[] key = config.hashKey() == null ? null : config.hashKey().getBytes(StandardCharsets.UTF_8);
        HashSettings hashing = new HashSettings(key, config.hashMaxNodes(), config.hashMaxBytes(),
                HashSettings.defaults().maxDepth());
        boolean handOffs = config.bool(ConfigKeys.CONTEXT_THREADS);
        JdkWeaving jdkWeaving = JdkWeaving.pending(); // recorded calls wait for the weaving: see "jdk" below
        PendingRecorder recorder = new PendingRecorder(); // and for the start beside the application
        PredlogBridge.install(recorder);

        // Byte Buddy's part of the weaving is built on a thread of its own while the application starts: classes
        // that a transformer may change wait for it as they load, and recorded calls wait until it is all done
        List<WeavingThread.Step> weaving = new ArrayList<>();
        List<Capability> transformers = new ArrayList<>();
        if (!targets.isEmpty()) { // the data of model libraries' inputs, for their hashes (docs/HASHING.md)
            transformers.add(Capability.of("library-inputs", () -> {
                LibraryInputBridge.install(new DMatrixData(hashing));
                weaving.add(new WeavingThread.Step("library-inputs", LibraryInputs.install(instrumentation)));
            }));
        }
        transformers.add(Capability.of("targets", () ->
                weaving.add(0, AgentInstaller.install(instrumentation, targets))));
        List<WeavingThread.Started> weavingStarted = new ArrayList<>(1);
        transformers.add(Capability.of("jdk", () -> {
            weaving.add(new WeavingThread.Step("jdk", () ->
                    JdkInstrumentation.install(instrumentation, handOffs, !targets.isEmpty(), http.clients())));
            weavingStarted.add(WeavingThread.start(List.copyOf(weaving), jdkWeaving::finished));
        }));
        Capability.startAll(transformers);

        // the libraries some parts wait for may load while those parts start: their loads are remembered from now
        ClassLoadWatch libraries = ClassLoadWatch.listening(instrumentation, librariesWatched(config));
        Woven woven = new Woven(targets, http, httpTargets, hashing, handOffs, jdkWeaving, libraries);
        BackgroundStart background = BackgroundStart.begin(() ->
                startParts(config, extensions, sinkFactories, instrumentation, load, woven), recorder,
                config.targets(TargetKind.PREDICT).isEmpty() ? () -> { } : PredlogAgent::compileDigests);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> background.shutDown(config.shutdownTimeoutMs()),
                "predlog-shutdown"));
        // a target's classes loaded before the agent (by another agent, or when attached) run unrecorded until they
        // are retransformed: the application goes on once they are
        for (WeavingThread.Started started : weavingStarted) {
            started.awaitMarked();
        }
    }

    /**
     * Has the JIT compile SHA-256 with the processor's instructions right after the start, before the application's
     * calls need it ({@link DigestWarmUp}); used when a predict target is named, whose calls' inputs and outputs are
     * hashed. A service whose threads outnumber the cores from its first calls leaves the compilers a small share of
     * the CPU, and its hashing then runs as Java code for seconds, at a fraction of its throughput. At most
     * {@link #DIGEST_WARM_UP_NANOS}, on the start thread, once (docs/PERFORMANCE.md).
     */
    private static void compileDigests() {
        DigestWarmUp.run(DIGEST_WARM_UP_NANOS);
    }

    /** What {@code premain} prepared (the weaving, the library watch) for the parts started beside the application. */
    private record Woven(List<TargetRuntime> targets, HttpSettings http, List<TargetSpec> httpTargets,
            HashSettings hashing, boolean handOffs, JdkWeaving jdkWeaving, ClassLoadWatch libraries) {
    }

    /** The application's classes whose loading the parts that {@link #startParts} starts will watch. */
    private static Set<String> librariesWatched(AgentConfig config) {
        Set<String> names = new HashSet<>();
        if (config.bool(ConfigKeys.CONTEXT_MDC)) {
            names.addAll(LogCorrelation.WATCHED);
        }
        if (config.bool(ConfigKeys.CONTEXT_OTEL)) {
            names.addAll(OpenTelemetryTraceIds.WATCHED);
        }
        if (config.sinks().contains(Slf4jSink.NAME)) {
            names.addAll(Slf4jSink.watched());
        }
        return names;
    }

    /**
     * Everything but the transformers, in the order the parts start (each start may use what the ones before it
     * made), on the start thread; the banner once all have started.
     */
    private static BackgroundStart.Running startParts(AgentConfig config, Extensions extensions,
            SinkFactories sinkFactories, Instrumentation instrumentation, Supplier<ConfigResult> load, Woven woven) {
        ProcessInfo process = ProcessInfo.current(config.service());
        ClassLoadWatch libraries = woven.libraries(); // application libraries some capabilities wait for
        List<Sink> sinks = sinkFactories.create(config.sinks(), new SinkSettings(config, process, libraries::watch));
        // the encoders hash the numeric outputs that the capture leaves to them: with the capture's settings
        EventPipeline pipeline = new EventPipeline(config.queueCapacity(), config.number(ConfigKeys.QUEUE_MAX_BYTES),
                new EventJsonEncoder(process, new NumberHash(woven.hashing())), sinks);
        Sampler sampler = Sampler.of(config);
        pipeline.reportHealth(config.number(ConfigKeys.HEALTH_INTERVAL_S) * 1000L, sampler);
        pipeline.slowCalls(sampler::slowMs);
        pipeline.start();

        List<TargetRuntime> targets = woven.targets();
        ModelMonitoring monitoring = new ModelMonitoring(config, woven.hashing(), inputTypes(extensions), pipeline,
                sampler);
        InflightCapability inflight = new InflightCapability(config, process.pid(), pipeline::offer);
        ModelFileHashing modelFiles = new ModelFileHashing(config);
        // built-in targets are not the user's typos: a service without servlets is no reason to warn
        UnmatchedTargetWarning unmatched = new UnmatchedTargetWarning(targets.subList(0, config.targets().size()),
                instrumentation::getAllLoadedClasses, config.unmatchedWarningDelayMs());
        CallsInProgress calls = new CallsInProgress();
        List<Capability> parts = new ArrayList<>();
        // first at exit: the calls running then end and are recorded before statistics and the queue close
        parts.add(new EndingCalls(calls, config.number(ConfigKeys.SHUTDOWN_CALLS_WAIT_MS)));
        parts.add(monitoring);  // statistics, drift, novelty, the Prometheus endpoint
        parts.add(inflight);
        parts.add(modelFiles);
        parts.add(new LiveSettings(config.path(ConfigKeys.CONFIG), config, load, sampler, pipeline::offerOwn));
        if (config.bool(ConfigKeys.PROTECT_ENABLED)) {
            parts.add(SelfProtection.of(config, pipeline, monitoring.capture().byteCap(), sampler));
        }
        if (config.bool(ConfigKeys.CONTEXT_MDC)) {
            parts.add(Capability.of("logs", () -> {
                LogCorrelation logs = new LogCorrelation(config.text(ConfigKeys.CONTEXT_MDC_KEY));
                libraries.watch(LogCorrelation.WATCHED, logs::frameworkLoaded);
                RequestContext.observe(logs);
            }));
        }
        if (config.bool(ConfigKeys.CONTEXT_OTEL)) { // a span's trace id as request id
            parts.add(Capability.of("otel", () -> {
                OpenTelemetryTraceIds traceIds = new OpenTelemetryTraceIds();
                libraries.watch(OpenTelemetryTraceIds.WATCHED, traceIds::classLoaded);
                RequestIdSource.ambient(traceIds);
            }));
        }
        // reports the watched classes the application loaded before it as well
        parts.add(Capability.of("libraries", () -> libraries.install(instrumentation)));
        if (woven.handOffs()) {
            parts.add(Capability.of("threads", () -> PredlogBridge.install(new ContextPropagation())));
        }
        if (woven.http().clients()) {
            parts.add(Capability.of("http-clients", () -> HttpBridge.install(new OutboundIds())));
        }
        parts.add(unmatched);   // its clock starts now, the targets' transformers registered

        List<Capability> started = Capability.startAll(parts);
        Recorder recorder = null; // handed to the bridge once every part has started
        try {
            recorder = new Recorder(targets, Recording.of(monitoring.capture(), new ModelRegistry(), pipeline::offer)
                    .withSampler(sampler)
                    .withInbound(new InboundIds(woven.http(), woven.httpTargets()))
                    .withObservers(monitoring.observers())
                    .withNovelty(monitoring.novelty())
                    .withInflight(inflight.table())
                    .withDigests(modelFiles.digests())
                    .withJdkWeaving(woven.jdkWeaving())
                    .withCalls(calls));
        } catch (RuntimeException | LinkageError e) {
            Diagnostics.failure("start:recorder", e);
        }
        Diagnostics.info(banner(config, sinks) + monitoring.banner());
        return new BackgroundStart.Running(started, pipeline::shutdown, recorder);
    }

    private static String banner(AgentConfig config, List<Sink> sinks) {
        StringJoiner targets = new StringJoiner(", ");
        for (TargetSpec spec : config.targets()) {
            targets.add(spec.kind().key() + " " + spec.name() + "=" + spec.pattern().text());
        }
        StringJoiner sinkNames = new StringJoiner(", ");
        for (Sink sink : sinks) {
            sinkNames.add(sink.name());
        }
        return "predlog " + version() + " started; config: " + config.source() + "; targets: ["
                + targets + "]; sinks: [" + sinkNames + "]"
                + (config.sinks().contains("file") ? "; file.dir: " + config.fileDir().toAbsolutePath() : "")
                + (HttpSettings.from(config).servers() ? "; http servers: entry targets '" + HttpServerTargets.NAME
                        + "' on HttpHandler, HttpServlet (javax, jakarta)" : "");
    }

    /**
     * The default {@code predlog.service}: the main class's simple name, or the jar's file name without its
     * {@code .jar} extension.
     */
    static String defaultService() {
        String command = System.getProperty("sun.java.command");
        if (command == null || command.isBlank()) {
            return null;
        }
        String first = command.trim().split("\\s+")[0];
        if (first.endsWith(".jar")) {
            return first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1,
                    first.length() - ".jar".length());
        }
        return first.substring(first.lastIndexOf('.') + 1);
    }

    static String version() {
        try (InputStream in = PredlogAgent.class.getResourceAsStream("predlog-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (Exception e) {
            return "dev";
        }
    }
}
