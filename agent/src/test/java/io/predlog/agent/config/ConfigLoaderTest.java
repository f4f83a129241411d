package io.predlog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String MODEL = "com.acme.Model#predict";
    /** The sinks the loader is told the agent can make, as the agent's sink factories would name them. */
    static final List<String> SINK_NAMES = List.of("file", "stdout", "slf4j");

    private static ConfigResult load(String args) {
        return ConfigLoader.load(args, new Properties(), Map.of(), "MyService", SINK_NAMES);
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private Path file(String text) throws IOException {
        Path f = dir.resolve("agent.properties");
        Files.writeString(f, text);
        return f;
    }

    private static ConfigError onlyError(ConfigResult r) {
        assertEquals(1, r.errors().size(), () -> r.errors().toString());
        assertNull(r.config());
        return r.errors().get(0);
    }

    @Test
    void anHmacKeyInAFileOtherUsersCanReadIsWarnedAboutWithoutShowingIt() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("keyed.properties"),
                "predlog.predict.s = com.acme.M#predict\nhash.key = hmac-canary-secret\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        ConfigResult open = load("config=" + file);
        assertTrue(open.ok(), open.errors().toString());
        List<String> warned = open.warnings().stream().filter(w -> w.contains("every user of this machine can read")).toList();
        assertEquals(1, warned.size(), open.warnings().toString());
        assertTrue(warned.get(0).contains("chmod 640") && warned.get(0).contains("PREDLOG_HASH_KEY"), warned.get(0));
        assertFalse(String.join("\n", open.warnings()).contains("hmac-canary-secret"), "the key is never shown");
        assertFalse(open.config().toString().contains("hmac-canary-secret"));

        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(load("config=" + file).warnings().stream().noneMatch(w -> w.contains("every user")),
                "owner and group only: no warning");
    }

    @Test
    void withNothingConfiguredEveryDefaultAppliesAndTheMissingTargetsAreWarnedAbout() {
        ConfigResult r = ConfigLoader.load(null, null, null, null, SINK_NAMES);
        assertTrue(r.ok());
        AgentConfig c = r.config();
        assertTrue(c.enabled());
        assertFalse(c.failFast());
        assertEquals("unknown-service", c.service());
        assertEquals(List.of("file"), c.sinks());
        assertEquals(Path.of("./predlog-logs"), c.fileDir());
        assertTrue(c.inputValues());
        assertNull(c.hashKey());
        assertEquals(100_000, c.hashMaxNodes());
        assertEquals(16L * 1024 * 1024, c.hashMaxBytes());
        assertEquals(65_536, c.queueCapacity());
        assertEquals(5_000, c.shutdownTimeoutMs());
        assertEquals(30_000, c.unmatchedWarningDelayMs());
        assertEquals(List.of(), c.targets());
        assertEquals("defaults", c.source());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("no targets configured")), r.warnings()::toString);
    }

    @Test
    void defaultServiceComesFromTheCaller() {
        assertEquals("MyService", load("").config().service());
    }

    @Test
    void agentArgumentsBeatSystemPropertiesBeatEnvironmentBeatFileBeatDefaults() throws IOException {
        Path f = file("""
                predlog.service=from-file
                predlog.sinks=stdout
                predlog.queue.capacity=100
                predlog.shutdown.timeout_ms=1
                predlog.hash.max_nodes=7
                """);
        Properties sys = props("predlog.service", "from-sysprop", "predlog.sinks", "file,stdout",
                "predlog.queue.capacity", "200");
        Map<String, String> env = Map.of("PREDLOG_SERVICE", "from-env", "PREDLOG_SINKS", "file",
                "PREDLOG_QUEUE_CAPACITY", "300", "PREDLOG_SHUTDOWN_TIMEOUT_MS", "2");
        ConfigResult r = ConfigLoader.load("config=" + f + ",service=from-args", sys, env, "X", SINK_NAMES);
        AgentConfig c = r.config();
        assertNotNull(c, r.errors()::toString);
        assertEquals("from-args", c.service());
        assertEquals(List.of("file", "stdout"), c.sinks());   // system property over env and file
        assertEquals(200, c.queueCapacity());                 // system property over env and file
        assertEquals(2, c.shutdownTimeoutMs());               // env over file
        assertEquals(7, c.hashMaxNodes());                    // file over default
        assertEquals(30_000, c.unmatchedWarningDelayMs());    // default
        assertEquals("from-args", c.values().get("predlog.service"));
        assertEquals("file " + f.toAbsolutePath().normalize() + " + environment + system properties + agent arguments",
                c.source());
    }

    @Test
    void theSourceNamesOnlyTheFileWhenTheAgentArgumentsOnlyNameIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("agent.properties");
        Files.writeString(f, "predlog.sinks = stdout\n");
        AgentConfig c = ConfigLoader.load("config=" + f, new Properties(), Map.of(), "X", SINK_NAMES).config();
        assertEquals("file " + f.toAbsolutePath().normalize(), c.source());
    }

    @Test
    void configFileMayBeNamedBySystemPropertyOrEnvironmentAndArgumentsWin() throws IOException {
        Path f = file("service=from-file\n");
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "service=from-other\n");
        assertEquals("from-file", ConfigLoader.load(null, props("predlog.config", f.toString()), Map.of(), "X", SINK_NAMES)
                .config().service());
        assertEquals("from-file", ConfigLoader.load(null, null, Map.of("PREDLOG_CONFIG", f.toString()), "X", SINK_NAMES)
                .config().service());
        assertEquals("from-other", ConfigLoader.load("config=" + other, props("predlog.config", f.toString()),
                Map.of("PREDLOG_CONFIG", f.toString()), "X", SINK_NAMES).config().service());
    }

    @Test
    void argumentKeysWorkWithAndWithoutPrefix() {
        AgentConfig c = load("predlog.service=a,input.values=false").config();
        assertEquals("a", c.service());
        assertFalse(c.inputValues());
    }

    @Test
    void commaPiecesWithoutKeyContinueThePreviousValue() {
        AgentConfig c = load("sinks=file,stdout,service=svc").config();
        assertEquals(List.of("file", "stdout"), c.sinks());
        assertEquals("svc", c.service());
    }

    @Test
    void commasInsideParenthesesAndQuotesDoNotSeparateArguments() {
        ConfigResult r = load("predict.score=com.acme.Model#predict(String,int),"
                + "entry.web=com.acme.Web#handle(*, ..),entry.web.request_id=arg0.get(\"a,b=c\"),service=s");
        assertTrue(r.ok(), r.errors()::toString);
        TargetSpec score = r.config().targets(TargetKind.PREDICT).get(0);
        assertEquals(List.of("String", "int"), score.pattern().parameterTypes());
        TargetSpec web = r.config().targets(TargetKind.ENTRY).get(0);
        assertEquals("a,b=c", web.requestId().segments().get(0).stringArg());
        assertEquals("s", r.config().service());
    }

    @Test
    void valuesMayContainEqualsSigns() {
        assertEquals("abc==", load("hash.key=abc==").config().hashKey());
    }

    @Test
    void trailingCommasAndBlankPiecesAreIgnored() {
        ConfigResult r = load(" sinks = stdout , , ");
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(List.of("stdout"), r.config().sinks());
    }

    @Test
    void anArgumentThatIsNotKeyValueIsAnErrorWithAHint() {
        ConfigError e = onlyError(load("agent.properties"));
        assertEquals("agent.properties", e.key());
        assertEquals("agent arguments", e.origin());
        assertTrue(e.message().contains("did you mean config=agent.properties"), e.message());
    }

    @Test
    void errorsFromTheFileCarryTheFileNameAsWrittenAndTheLineNumber() throws IOException {
        Path f = file("""
                # targets
                predlog.predict.score = com.acme.Model#predict

                predlog.predict.score.model_id = this.
                predlog.enabled = maybe
                """);
        ConfigResult r = load("config=" + f);
        assertEquals(List.of(
                "predlog.enabled: " + f + ":5: expected true or false, got 'maybe'",
                "predlog.predict.score.model_id: " + f + ":4: bad expression 'this.': expected a member name after '.' at the end"),
                r.errors().stream().map(ConfigError::describe).toList());
    }

    @Test
    void lineNumbersCountContinuationLinesAndReportTheFirst() throws IOException {
        Path f = file("a=1\npredlog.queue.capacity = 1\\\n  2\npredlog.hash.max_nodes=x\n");
        ConfigResult r = load("config=" + f);
        List<String> described = r.errors().stream().map(ConfigError::describe).toList();
        assertEquals(List.of(
                "predlog.hash.max_nodes: " + f + ":4: expected a whole number from 1 to 2147483647, got 'x'",
                "predlog.queue.capacity: " + f + ":2: expected a value from 16 to 67108864, got '12'"), described);
    }

    @Test
    void missingConfigFileIsAnErrorNamingConfigAndThePath() {
        ConfigError e = onlyError(load("config=/no/such/agent.properties"));
        assertEquals("predlog.config", e.key());
        assertEquals("agent arguments", e.origin());
        assertTrue(e.message().contains("/no/such/agent.properties"), e.message());
        assertTrue(e.message().contains("not found"), e.message());
    }

    @Test
    void unreadableConfigFileIsAnErrorNamingConfig() {
        ConfigError e = onlyError(ConfigLoader.load(null, null, Map.of("PREDLOG_CONFIG", dir.toString()), "X", SINK_NAMES));
        assertEquals("predlog.config", e.key());
        assertEquals("environment variable PREDLOG_CONFIG", e.origin());
        assertTrue(e.message().contains("cannot read config file"), e.message());
    }

    @Test
    void badBooleanNamesKeyValueAndExpectation() {
        ConfigError e = onlyError(ConfigLoader.load(null, props("predlog.input.values", "yes"), Map.of(), "X", SINK_NAMES));
        assertEquals("predlog.input.values: system property: expected true or false, got 'yes'", e.describe());
    }

    @Test
    void badBooleansOfTheRequestContextSwitchesAreErrorsToo() {
        for (String key : java.util.List.of("predlog.context.threads", "predlog.context.mdc", "predlog.context.otel",
                "predlog.http.servers", "predlog.request_id.echo", "predlog.http.clients")) {
            ConfigError e = onlyError(ConfigLoader.load(null, props(key, "maybe"), Map.of(), "X", SINK_NAMES));
            assertEquals(key + ": system property: expected true or false, got 'maybe'", e.describe());
        }
    }

    @Test
    void badNumbersNameKeyValueAndRange() {
        ConfigError e = onlyError(load("queue.capacity=8"));
        assertEquals("predlog.queue.capacity: agent arguments: expected a value from 16 to 67108864, got '8'",
                e.describe());
        ConfigError e2 = onlyError(ConfigLoader.load(null, null, Map.of("PREDLOG_SHUTDOWN_TIMEOUT_MS", "soon"), "X", SINK_NAMES));
        assertEquals("predlog.shutdown.timeout_ms", e2.key());
        assertEquals("environment variable PREDLOG_SHUTDOWN_TIMEOUT_MS", e2.origin());
        assertTrue(e2.message().contains("'soon'"), e2.message());
    }

    @Test
    void numbersAcceptUnderscoresAndByteCountsAcceptBinaryUnits() {
        AgentConfig c = load("hash.max_nodes=1_000,hash.max_bytes=2MiB,queue.capacity=1_024").config();
        assertEquals(1000, c.hashMaxNodes());
        assertEquals(2L << 20, c.hashMaxBytes());
        assertEquals(1024, c.queueCapacity());
        assertEquals(512, load("hash.max_bytes=512b").config().hashMaxBytes());
        assertEquals(1L << 30, load("hash.max_bytes=1GiB").config().hashMaxBytes());
        assertTrue(onlyError(load("hash.max_bytes=16MB")).message().contains("ambiguous"));
    }

    @Test
    void unmatchedWarningIsGivenInSecondsAndZeroTurnsItOff() {
        assertEquals(5_000, load("unmatched_warning_s=5").config().unmatchedWarningDelayMs());
        assertEquals(0, load("unmatched_warning_s=0").config().unmatchedWarningDelayMs());
    }

    @Test
    void unknownSinkIsAnErrorNamingTheKeyWithASuggestion() {
        ConfigError e = onlyError(load("sinks=file,stdot"));
        assertEquals("predlog.sinks", e.key());
        assertEquals("unknown sink 'stdot' (did you mean stdout?); known sinks: file, stdout, slf4j", e.message());
    }

    @Test
    void emptySinkListAndBlankServiceAndEmptyHashKeyAreErrors() {
        assertEquals("predlog.sinks", onlyError(load("sinks=")).key());
        assertEquals("predlog.service", onlyError(load("service=")).key());
        assertEquals("predlog.hash.key", onlyError(load("hash.key=")).key());
    }

    @Test
    void unknownTopLevelKeyIsAWarningWithDidYouMean() {
        ConfigResult r = load("sink=stdout,predict.x=a.B#c");
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(List.of("predlog.sink: agent arguments: unknown key; ignored (did you mean predlog.sinks?)"),
                r.warnings());
        assertEquals("stdout", r.config().values().get("predlog.sink"));
    }

    @Test
    void misspeltTargetKindIsSuggested() {
        ConfigResult r = load("predcit.score=a.B#c");
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("did you mean predlog.predict.score?")),
                r.warnings()::toString);
    }

    @Test
    void targetsAreBuiltWithTheirExpressionsAndOrderedByKindThenName() {
        ConfigResult r = ConfigLoader.load(String.join(",",
                "entry.web=com.acme.Web#handle",
                "entry.web.request_id=arg0.getRequestHeaders().getFirst(\"X-Request-ID\")",
                "predict.zeta=" + MODEL,
                "predict.alpha=" + MODEL,
                "predict.alpha.model_id=\"fraud\"",
                "predict.alpha.model_version=this.version",
                "predict.alpha.input=arg0",
                "load.boot=com.acme.Model#<init>",
                "load.boot.model_id=return.name()"), null, null, "X", SINK_NAMES);
        assertTrue(r.ok(), r.errors()::toString);
        List<TargetSpec> t = r.config().targets();
        assertEquals(List.of("PREDICT alpha", "PREDICT zeta", "LOAD boot", "ENTRY web"),
                t.stream().map(s -> s.kind() + " " + s.name()).toList());
        TargetSpec alpha = t.get(0);
        assertEquals("fraud", alpha.modelId().literal());
        assertEquals(Expression.Root.THIS, alpha.modelVersion().root());
        assertEquals(0, alpha.input().argIndex());
        assertNull(alpha.requestId());
        assertNull(t.get(1).modelId());
        assertTrue(t.get(2).pattern().isConstructor());
        assertEquals(Expression.Root.RETURN, t.get(2).modelId().root());
        assertEquals("X-Request-ID", t.get(3).requestId().segments().get(1).stringArg());
        assertEquals("predlog.entry.web", t.get(3).key());
    }

    @Test
    void badMethodPatternIsAnErrorOnThePatternKey() {
        ConfigError e = onlyError(load("predict.score=com.x.Model#"));
        assertEquals("predlog.predict.score: agent arguments: bad method pattern 'com.x.Model#': method name is empty",
                e.describe());
    }

    @Test
    void badExpressionIsAnErrorOnTheSubKey() {
        ConfigError e = onlyError(load("predict.score=" + MODEL + ",predict.score.model_id=model.id"));
        assertEquals("predlog.predict.score.model_id", e.key());
        assertTrue(e.message().startsWith("bad expression 'model.id'"), e.message());
    }

    @Test
    void misplacedSubKeysAreErrors() {
        ConfigError e = onlyError(load("predict.score=" + MODEL + ",predict.score.request_id=arg0"));
        assertEquals("predlog.predict.score.request_id", e.key());
        assertEquals("request_id is only valid on entry targets; a predict target takes model_id, model_version, input,"
                + " sample.success",
                e.message());
        assertEquals("predlog.entry.web.model_id",
                onlyError(load("entry.web=a.B#c,entry.web.model_id=\"x\"")).key());
        assertEquals("predlog.load.boot.input", onlyError(load("load.boot=a.B#c,load.boot.input=arg0")).key());
    }

    @Test
    void unknownSubKeyIsAnErrorWithDidYouMean() {
        ConfigError e = onlyError(load("predict.score=" + MODEL + ",predict.score.modle_id=\"x\""));
        assertEquals("predlog.predict.score.modle_id", e.key());
        assertTrue(e.message().startsWith("unknown target key 'modle_id' (did you mean model_id?)"), e.message());
    }

    @Test
    void subKeyWithoutItsPatternIsAnError() {
        ConfigError e = onlyError(load("predict.score.model_id=\"x\""));
        assertEquals("predlog.predict.score.model_id", e.key());
        assertEquals("target 'score' has no method pattern: set predlog.predict.score=Class#method", e.message());
    }

    @Test
    void badTargetNamesAreErrors() throws IOException {
        Path f = file("predlog.predict.my\\ model = a.B#c\npredlog.load = a.B#c\n");
        ConfigResult r = load("config=" + f);
        assertEquals(List.of(
                "predlog.load: " + f + ":2: a load target needs a name: predlog.load.<name>=Class#method",
                "predlog.predict.my model: " + f + ":1: bad target name 'my model': use letters, digits, '_' and '-' only"),
                r.errors().stream().map(ConfigError::describe).toList());
    }

    @Test
    void returnIsOnlyAvailableOnLoadTargets() {
        ConfigError e = onlyError(load("predict.s=" + MODEL + ",predict.s.model_id=return.id"));
        assertEquals("predlog.predict.s.model_id", e.key());
        assertTrue(e.message().contains("only available on load targets"), e.message());
    }

    @Test
    void aClinitLoadTargetTakesLiteralsOnly() {
        assertTrue(load("load.table=a.Table#<clinit>,load.table.model_id=\"table\",load.table.model_version=\"v1\"")
                .ok());
        for (String expression : List.of("this.name", "arg0", "return.name")) {
            ConfigError e = onlyError(load("load.table=a.Table#<clinit>,load.table.model_id=" + expression));
            assertEquals("predlog.load.table.model_id", e.key());
            assertTrue(e.message().startsWith("a static initialiser (a.Table#<clinit>) has no 'this', arguments or"
                    + " return value"), e.message());
        }
    }

    @Test
    void onlyALoadTargetMayNameAStaticInitialiser() {
        ConfigError e = onlyError(load("predict.s=a.Table#<clinit>"));
        assertEquals("predlog.predict.s", e.key());
        assertEquals("bad method pattern 'a.Table#<clinit>': only a load target may name a static initialiser"
                + " (<clinit>): predlog.load.s=a.Table#<clinit>", e.message());
    }

    @Test
    void argBeyondAnExactParameterListIsAnError() {
        ConfigError e = onlyError(ConfigLoader.load(null,
                props("predlog.predict.s", "a.B#c(String)", "predlog.predict.s.input", "arg1"), null, "X", SINK_NAMES));
        assertEquals("predlog.predict.s.input: system property: arg1 does not exist: the pattern 'a.B#c(String)'"
                + " takes 1 parameter", e.describe());
        assertTrue(load("predict.s=a.B#c(String,..),predict.s.input=arg3").ok());
    }

    @Test
    void extensionsMustNameJarsThatExist(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("types.jar"));
        Path missing = dir.resolve("missing.jar");
        ConfigError e = onlyError(ConfigLoader.load(null, props("predlog.predict.s", MODEL, "predlog.extensions",
                jar + java.io.File.pathSeparator + missing), null, "X", SINK_NAMES));
        assertEquals("predlog.extensions: system property: '" + missing + "' does not exist", e.describe());

        ConfigResult ok = ConfigLoader.load(null, props("predlog.predict.s", MODEL, "predlog.extensions",
                " " + jar + java.io.File.pathSeparator), null, "X", SINK_NAMES);
        assertEquals(List.of(jar), ok.config().paths(ConfigKeys.EXTENSIONS));
        assertEquals(List.of(), load("predict.s=" + MODEL).config().paths(ConfigKeys.EXTENSIONS));
    }

    @Test
    void everyErrorIsReportedNotOnlyTheFirst() {
        ConfigResult r = load("enabled=true,fail_fast=true,sinks=kafka,queue.capacity=x,predict.s=bad");
        assertEquals(List.of("predlog.sinks", "predlog.queue.capacity", "predlog.predict.s"),
                r.errors().stream().map(ConfigError::key).toList());
        assertTrue(r.failFast());
        assertTrue(r.enabled());
        assertFalse(r.ok());
    }

    @Test
    void disabledAgentReportsNothingAndHasNoConfig() {
        ConfigResult r = load("enabled=false,sinks=kafka,predict.s=bad");
        assertFalse(r.enabled());
        assertNull(r.config());
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.warnings());
        assertFalse(ConfigLoader.load(null, null, Map.of("PREDLOG_ENABLED", "FALSE"), "X", SINK_NAMES).enabled());
    }

    @Test
    void failFastIsKnownEvenWhenThereAreErrors() {
        ConfigResult r = ConfigLoader.load("sinks=nope", props("predlog.fail_fast", "true"), null, "X", SINK_NAMES);
        assertTrue(r.failFast());
        assertFalse(r.ok());
    }

    @Test
    void environmentVariablesMapToCoreKeysAndUnknownOnesAreWarnedAbout() {
        ConfigResult r = ConfigLoader.load(null, null, Map.of(
                "PREDLOG_HASH_KEY", "secret", "PREDLOG_INPUT_VALUES", "false",
                "PREDLOG_SINK", "stdout", "PREDLOG_FILE_DIR", "  ", "HOME", "/root"), "X", SINK_NAMES);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals("secret", r.config().hashKey());
        assertFalse(r.config().inputValues());
        assertEquals(Path.of("./predlog-logs"), r.config().fileDir());   // blank env = unset
        assertTrue(r.warnings().contains("PREDLOG_SINK: environment variable PREDLOG_SINK: not a predlog setting;"
                + " ignored (did you mean PREDLOG_SINKS?)"), r.warnings()::toString);
    }

    @Test
    void environmentTargetNamesAreLowerCasedWithSubKeysBySuffix() {
        ConfigResult r = ConfigLoader.load(null, null, Map.of(
                "PREDLOG_PREDICT_FRAUD_V2", "com.acme.Fraud#score",
                "PREDLOG_PREDICT_FRAUD_V2_MODEL_ID", "\"fraud\"",
                "PREDLOG_ENTRY_WEB_REQUEST_ID", "arg0.id"), "X", SINK_NAMES);
        assertEquals(List.of("predlog.entry.web.request_id"), r.errors().stream().map(ConfigError::key).toList());
        ConfigResult ok = ConfigLoader.load(null, null, Map.of(
                "PREDLOG_PREDICT_FRAUD_V2", "com.acme.Fraud#score",
                "PREDLOG_PREDICT_FRAUD_V2_MODEL_ID", "\"fraud\""), "X", SINK_NAMES);
        TargetSpec t = ok.config().targets().get(0);
        assertEquals("fraud_v2", t.name());
        assertEquals("fraud", t.modelId().literal());
    }

    @Test
    void environmentTargetNamesResolveToNamesFromOtherSources() {
        ConfigResult r = ConfigLoader.load("predict.Fraud-v2=com.acme.Fraud#score", null,
                Map.of("PREDLOG_PREDICT_FRAUD_V2_MODEL_VERSION", "\"7\""), "X", SINK_NAMES);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(1, r.config().targets().size());
        assertEquals("Fraud-v2", r.config().targets().get(0).name());
        assertEquals("7", r.config().targets().get(0).modelVersion().literal());
    }

    @Test
    void keyGivenTwiceInOneSourceWarnsAndTheLaterWins() throws IOException {
        Path f = file("service=a\nservice=b\n");
        ConfigResult r = load("config=" + f);
        assertEquals("b", r.config().service());
        assertTrue(r.warnings().contains("predlog.service: " + f + ":2: set more than once (also at " + f
                + ":1); the later value wins"), r.warnings()::toString);
    }

    @Test
    void configKeyInsideTheFileIsIgnoredWithAWarning() throws IOException {
        Path f = file("config=elsewhere.properties\n");
        ConfigResult r = load("config=" + f);
        assertTrue(r.ok());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("predlog.config: " + f + ":1: ignored")));
    }

    @Test
    void valuesHoldEveryEffectiveKeyIncludingDefaultsAndUnknownKeys() {
        AgentConfig c = load("future.thing=42,predict.s=" + MODEL).config();
        assertEquals("42", c.value("predlog.future.thing"));
        assertEquals("file", c.value("predlog.sinks"));
        assertEquals("MyService", c.value("predlog.service"));
        assertEquals(MODEL, c.value("predlog.predict.s"));
        assertNull(c.value("predlog.hash.key"));
    }

    @Test
    void toStringNeverShowsTheHashKey() {
        AgentConfig c = load("hash.key=s3cr3t-value").config();
        assertFalse(c.toString().contains("s3cr3t-value"), c.toString());
        assertTrue(c.toString().contains("hashKey=<redacted>"), c.toString());
    }

    @Test
    void resultIsImmutable() {
        AgentConfig c = load("predict.s=" + MODEL).config();
        assertThrows(UnsupportedOperationException.class, () -> c.targets().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.sinks().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> c.values().put("a", "b"));
    }

    @Test
    void sameInputGivesTheSameResult() {
        String args = "predict.b=" + MODEL + ",predict.a=" + MODEL + ",sinks=stdout,file";
        assertEquals(load(args), load(args));
    }

    @Test
    void describeNamesKeyOriginAndMessage() {
        assertEquals("predlog.predict.score: agent.properties:12: bad method pattern 'com.x.Model#': method name is empty",
                new ConfigError("predlog.predict.score", "agent.properties:12",
                        "bad method pattern 'com.x.Model#': method name is empty").describe());
    }
}
