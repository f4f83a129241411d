package io.predlog.agent.config;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the agent's configuration from its four sources, applies precedence (agent arguments, system
 * properties, environment, file, defaults) and validates it into an {@link AgentConfig} (docs/CONFIGURATION.md).
 * Every problem is collected, not only the first; each names its key and where the value came from.
 */
public final class ConfigLoader {

    static final String SYSTEM_PROPERTY = "system property";
    static final String UNKNOWN_SERVICE = "unknown-service";

    private ConfigLoader() {
    }

    /**
     * Loads the configuration. Never throws.
     *
     * @param agentArgs        the {@code -javaagent} argument string; may be null
     * @param systemProperties {@code System.getProperties()}; may be null
     * @param environment      {@code System.getenv()}; may be null
     * @param defaultService   the main class's simple name or the jar's name; null means "unknown-service"
     * @param sinkNames        the sinks this agent can make (the names of its sink factories), in the order an
     *                         error lists them: {@code predlog.sinks} accepts these and no others
     */
    public static ConfigResult load(String agentArgs, Properties systemProperties, Map<String, String> environment,
            String defaultService, List<String> sinkNames) {
        List<String> names = List.copyOf(sinkNames);
        return load(agentArgs, systemProperties, environment, defaultService, jars -> names);
    }

    /**
     * Loads the configuration, the sinks it may name depending on the extension jars. Never throws.
     *
     * @param sinkNames given the valid paths of {@code predlog.extensions} (none when unset or wrong), the sinks this
     *                  agent can make with them, in the order an error lists them
     * @see #load(String, Properties, Map, String, List)
     */
    public static ConfigResult load(String agentArgs, Properties systemProperties, Map<String, String> environment,
            String defaultService, Function<List<Path>, List<String>> sinkNames) {
        Problems problems = new Problems();
        try {
            return new ConfigLoader.Run(problems, sinkNames)
                    .load(agentArgs, systemProperties, environment, defaultService);
        } catch (RuntimeException | Error e) {
            problems.error("predlog", "agent", "internal error while reading the configuration: " + e);
            return new ConfigResult(null, problems.errors(), problems.warnings(), true, false);
        }
    }

    /** One load: the problems found so far and the sources that contributed. */
    private static final class Run {
        private final Problems problems;
        private final Set<String> sources = new LinkedHashSet<>();
        private final Function<List<Path>, List<String>> sinkNames;

        Run(Problems problems, Function<List<Path>, List<String>> sinkNames) {
            this.problems = problems;
            this.sinkNames = sinkNames;
        }

        ConfigResult load(String agentArgs, Properties systemProperties, Map<String, String> environment,
                String defaultService) {
            List<Setting> args = SettingBounds.within(AgentArguments.parse(agentArgs, problems), problems);
            warnDuplicates(args);
            List<Setting> sysprops = SettingBounds.within(systemProperties(systemProperties), problems);
            Setting configPath = last(args, ConfigKeys.CONFIG.name());
            if (configPath == null) {
                configPath = last(sysprops, ConfigKeys.CONFIG.name());
            }
            if (configPath == null && environment != null) {
                String env = ConfigKeys.CONFIG.envName();
                String value = environment.get(env);
                // an overlong one is reported with the other environment settings
                if (value != null && !value.isBlank()
                        && value.trim().length() <= SettingBounds.maxValueChars(ConfigKeys.CONFIG.name())) {
                    configPath = new Setting(ConfigKeys.CONFIG.name(), value.trim(), EnvironmentNames.ORIGIN_PREFIX + env);
                }
            }
            List<Setting> file = configPath == null ? List.of() : SettingBounds.within(file(configPath), problems);
            warnDuplicates(file);

            Map<TargetKind, Set<String>> names = new EnumMap<>(TargetKind.class);
            for (List<Setting> source : List.of(file, sysprops, args)) {
                for (Setting s : source) {
                    TargetKind kind = TargetAssembler.kindOf(s.key());
                    String name = TargetAssembler.nameOf(s.key());
                    if (kind != null && name != null) {
                        names.computeIfAbsent(kind, k -> new HashSet<>()).add(name);
                    }
                }
            }
            List<Setting> env = SettingBounds.within(EnvironmentNames.settings(environment, names, problems), problems);

            // lowest precedence first: each later source overrides
            Map<String, Setting> effective = new TreeMap<>();
            overlay(effective, file, null);
            overlay(effective, env, "environment");
            overlay(effective, sysprops, "system properties");
            overlay(effective, args, AgentArguments.ORIGIN);
            return validate(effective, defaultService);
        }

        private ConfigResult validate(Map<String, Setting> effective, String defaultService) {
            CoreValues core = new CoreValues(effective, problems);
            boolean failFast = core.bool(ConfigKeys.FAIL_FAST);
            boolean enabled = core.bool(ConfigKeys.ENABLED);
            if (!enabled) {
                // turned off: nothing else is validated, so a half-written configuration cannot stop the app
                return new ConfigResult(null, List.of(), List.of(), false, failFast);
            }
            String service = core.service(defaultService == null || defaultService.isBlank()
                    ? UNKNOWN_SERVICE : defaultService.trim());
            List<Path> extensions = core.existingPaths(ConfigKeys.EXTENSIONS); // their sinks may be named
            List<String> sinks = core.sinks(List.copyOf(sinkNames.apply(extensions)));
            Path fileDir = core.path(ConfigKeys.FILE_DIR);
            boolean inputValues = core.bool(ConfigKeys.INPUT_VALUES);
            String hashKey = core.hashKey();
            int hashMaxNodes = (int) core.number(ConfigKeys.HASH_MAX_NODES);
            long hashMaxBytes = core.number(ConfigKeys.HASH_MAX_BYTES);
            int queueCapacity = (int) core.number(ConfigKeys.QUEUE_CAPACITY);
            core.number(ConfigKeys.QUEUE_MAX_BYTES); // validated here, read through AgentConfig.number
            long shutdownTimeoutMs = core.number(ConfigKeys.SHUTDOWN_TIMEOUT_MS);
            long unmatchedWarningMs = core.number(ConfigKeys.UNMATCHED_WARNING_S) * 1000L;
            ConfigKeys.SAMPLING_AND_HEALTH.forEach(core::check);
            ConfigKeys.INFLIGHT.forEach(core::check); // in-flight record
            ConfigKeys.STATS.forEach(core::check); // window statistics
            ConfigKeys.OUTPUT.forEach(core::check); // output characteristics
            ConfigKeys.NOVELTY.forEach(core::check); // novelty
            checkNovelty(core, effective);
            core.metrics(); // Prometheus endpoint
            ConfigKeys.DRIFT.forEach(core::check); // drift detection
            ConfigKeys.MODEL_SHA256.forEach(core::check); // model file digests
            // request-context switches: a bad boolean is an error naming the key, like any other
            List.of(ConfigKeys.CONTEXT_THREADS, ConfigKeys.CONTEXT_MDC, ConfigKeys.CONTEXT_OTEL,
                    ConfigKeys.HTTP_SERVERS, ConfigKeys.REQUEST_ID_ECHO, ConfigKeys.HTTP_CLIENTS).forEach(core::check);
            // file sink keys: validated here (errors name the key), read through AgentConfig.number/path
            core.decimal(ConfigKeys.FILE_MAX_SIZE_MB);
            core.number(ConfigKeys.FILE_RETENTION_DAYS);
            core.number(ConfigKeys.FILE_MAX_TOTAL_MB);
            if (effective.containsKey(ConfigKeys.FILE_ARCHIVE_DIR.name())) {
                core.path(ConfigKeys.FILE_ARCHIVE_DIR);
            }
            checkKafka(core, effective); // kafka sink (an extension jar's; its keys are the agent's)
            checkOtlp(core, effective); // otlp sink (likewise)

            List<Setting> targetSettings = new ArrayList<>();
            for (Setting s : effective.values()) {
                if (TargetAssembler.kindOf(s.key()) != null) {
                    targetSettings.add(s);
                } else if (ConfigKeys.byName(s.key()) == null && ConfigKeys.prefixOf(s.key()) == null
                        && !sinkOwnKey(s.key(), sinks)) {
                    String suggestion = suggestKey(s.key());
                    problems.warn(s, "unknown key; ignored"
                            + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"));
                }
            }
            List<TargetSpec> targets = TargetAssembler.assemble(targetSettings, problems);
            if (targets.isEmpty() && targetSettings.isEmpty() && problems.errors().isEmpty()) {
                problems.warn("predlog.predict.<name>", "", "no targets configured: the agent will record nothing");
            }

            Map<String, String> values = new TreeMap<>();
            for (ConfigKey key : ConfigKeys.all()) {
                if (key.defaultValue() != null) {
                    values.put(key.name(), key.defaultValue());
                }
            }
            values.put(ConfigKeys.SERVICE.name(), service);
            for (Setting s : effective.values()) {
                values.put(s.key(), s.value());
            }

            if (!problems.errors().isEmpty()) {
                return new ConfigResult(null, problems.errors(), problems.warnings(), true, failFast);
            }
            String source = sources.isEmpty() ? "defaults" : String.join(" + ", sources);
            AgentConfig config = new AgentConfig(true, failFast, service, sinks, fileDir, inputValues, hashKey,
                    hashMaxNodes, hashMaxBytes, queueCapacity, shutdownTimeoutMs, unmatchedWarningMs, targets,
                    source, values);
            return new ConfigResult(config, List.of(), problems.warnings(), true, failFast);
        }

        /**
         * Whether {@code key} is {@code predlog.<sink>.…} for a configured sink that has no registered key: an extension
         * jar's sink, which reads and checks its own keys ({@link AgentConfig#value}).
         */
        private static boolean sinkOwnKey(String key, List<String> sinks) {
            for (String sink : sinks) {
                String prefix = ConfigKeys.PREFIX + sink + ".";
                if (key.startsWith(prefix)
                        && ConfigKeys.all().stream().noneMatch(k -> k.name().startsWith(prefix))) {
                    return true;
                }
            }
            return false;
        }

        /** The kafka sink's keys, so that a bad value is a config error naming its key, whatever the sinks. */
        private void checkKafka(CoreValues core, Map<String, Setting> effective) {
            core.choice(ConfigKeys.KAFKA_KEY, List.of("model", "request"));
            core.number(ConfigKeys.KAFKA_SPOOL_MAX_MB);
            if (effective.containsKey(ConfigKeys.KAFKA_SPOOL_DIR.name())) {
                core.path(ConfigKeys.KAFKA_SPOOL_DIR);
            }
            Setting topic = core.setting(ConfigKeys.KAFKA_TOPIC);
            if (topic.value().isBlank()) {
                problems.error(topic, "must not be blank");
            }
        }

        /** The otlp sink's keys, so that a bad value is a config error naming its key, whatever the sinks. */
        private void checkOtlp(CoreValues core, Map<String, Setting> effective) {
            core.choice(ConfigKeys.OTLP_PROTOCOL, List.of("http/protobuf", "http/json"));
            core.choice(ConfigKeys.OTLP_COMPRESSION, List.of("none", "gzip"));
            List.of(ConfigKeys.OTLP_TIMEOUT_MS, ConfigKeys.OTLP_BATCH_MAX_EVENTS, ConfigKeys.OTLP_BATCH_LINGER_MS,
                    ConfigKeys.OTLP_QUEUE_MAX_EVENTS, ConfigKeys.OTLP_RETRY_INITIAL_MS, ConfigKeys.OTLP_RETRY_MAX_MS,
                    ConfigKeys.OTLP_SPOOL_MAX_MB).forEach(core::number);
            if (effective.containsKey(ConfigKeys.OTLP_SPOOL_DIR.name())) {
                core.path(ConfigKeys.OTLP_SPOOL_DIR);
            }
        }

        /**
         * Novelty: the directory must be a path, the fpp below 1 (the decimal type admits 1), and one filter
         * generation must be able to stay within 1 GiB: {@code -capacity·ln(fpp)/(ln 2)²} bits, the least any Bloom
         * filter needs, must (the novelty filter's own layout takes a little more, and says so when 1 GiB holds
         * it to a higher rate).
         */
        private void checkNovelty(CoreValues core, Map<String, Setting> effective) {
            if (effective.containsKey(ConfigKeys.NOVELTY_DIR.name())) {
                core.path(ConfigKeys.NOVELTY_DIR);
            }
            double fpp = core.decimal(ConfigKeys.NOVELTY_FPP);
            if (fpp >= 1) {
                problems.error(core.setting(ConfigKeys.NOVELTY_FPP), "expected a value greater than 0 and less than 1,"
                        + " got '" + core.setting(ConfigKeys.NOVELTY_FPP).value() + "'");
                return;
            }
            long capacity = core.number(ConfigKeys.NOVELTY_CAPACITY);
            double bytes = -capacity * Math.log(fpp) / (Math.log(2) * Math.log(2)) / 8;
            if (bytes > (1L << 30)) {
                problems.error(core.setting(ConfigKeys.NOVELTY_FPP), "with predlog.novelty.capacity=" + capacity
                        + " a filter generation would take at least " + Math.round(bytes / (1 << 20))
                        + " MiB (at most 1024);"
                        + " raise predlog.novelty.fpp or lower predlog.novelty.capacity");
            }
        }

        private List<Setting> systemProperties(Properties properties) {
            List<Setting> settings = new ArrayList<>();
            if (properties == null) {
                return settings;
            }
            for (String name : new TreeSet<>(properties.stringPropertyNames())) {
                if (name.startsWith(ConfigKeys.PREFIX)) {
                    settings.add(new Setting(name, properties.getProperty(name).trim(), SYSTEM_PROPERTY));
                }
            }
            return settings;
        }

        private List<Setting> file(Setting configPath) {
            String written = configPath.value();
            Path path;
            try {
                path = Path.of(written);
            } catch (InvalidPathException e) {
                problems.error(configPath, "'" + written + "' is not a valid path: " + e.getReason());
                return List.of();
            }
            List<PropertiesFile.Entry> entries;
            try {
                entries = PropertiesFile.read(path);
            } catch (NoSuchFileException e) {
                problems.error(configPath, "config file '" + written + "' not found (looked for "
                        + path.toAbsolutePath().normalize() + ")");
                return List.of();
            } catch (PropertiesFile.NotAPropertiesFile e) {
                problems.error(configPath, "config file '" + written + "' (" + path.toAbsolutePath().normalize()
                        + ") " + e.getMessage() + "; nothing was read from it");
                return List.of();
            } catch (IOException | SecurityException e) {
                problems.error(configPath, "cannot read config file '" + written + "' ("
                        + path.toAbsolutePath().normalize() + "): " + e);
                return List.of();
            }
            sources.add("file " + path.toAbsolutePath().normalize());
            List<Setting> settings = new ArrayList<>();
            for (PropertiesFile.Entry entry : entries) {
                String key = AgentArguments.normalise(entry.key().trim());
                String origin = written + ":" + entry.line();
                if (key.equals(ConfigKeys.CONFIG.name())) {
                    problems.warn(key, origin, "ignored inside the config file; name the file in the agent arguments,"
                            + " -Dpredlog.config or PREDLOG_CONFIG");
                    continue;
                }
                settings.add(new Setting(key, entry.value().trim(), origin));
                if (key.equals(ConfigKeys.HASH_KEY.name()) && readableByOthers(path)) {
                    problems.warn(key, origin, "the HMAC key is in a file every user of this machine can read ("
                            + path.toAbsolutePath().normalize() + "); restrict it (chmod 640) or give the key in "
                            + ConfigKeys.HASH_KEY.envName());
                }
            }
            return settings;
        }

        /** Whether the file's POSIX mode lets other users read it; false where the file system has no such mode. */
        private static boolean readableByOthers(Path path) {
            try {
                return Files.getPosixFilePermissions(path).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }

        private void overlay(Map<String, Setting> effective, List<Setting> settings, String sourceName) {
            for (Setting s : settings) {
                effective.put(s.key(), s);
                if (sourceName != null && !s.key().equals(ConfigKeys.CONFIG.name())) {
                    sources.add(sourceName); // naming the file is not a setting of its own
                }
            }
        }

        private void warnDuplicates(List<Setting> settings) {
            Map<String, Setting> seen = new HashMap<>();
            for (Setting s : settings) {
                Setting before = seen.put(s.key(), s);
                if (before != null) {
                    problems.warn(s, "set more than once (also at " + before.origin() + "); the later value wins");
                }
            }
        }

        private static Setting last(List<Setting> settings, String key) {
            Setting found = null;
            for (Setting s : settings) {
                if (s.key().equals(key)) {
                    found = s;
                }
            }
            return found;
        }
    }

    /** A registered key close to {@code key}, or a target key with a misspelt kind, or null. */
    static String suggestKey(String key) {
        List<String> names = new ArrayList<>();
        for (ConfigKey k : ConfigKeys.all()) {
            names.add(k.name());
        }
        String suggestion = Suggestions.closest(key, names);
        if (suggestion != null) {
            return suggestion;
        }
        String[] parts = key.split("\\.", 3);
        if (parts.length == 3) {
            List<String> kinds = new ArrayList<>();
            for (TargetKind kind : TargetKind.values()) {
                kinds.add(kind.key());
            }
            String kind = Suggestions.closest(parts[1], kinds);
            if (kind != null) {
                return ConfigKeys.PREFIX + kind + "." + parts[2];
            }
        }
        return null;
    }
}
