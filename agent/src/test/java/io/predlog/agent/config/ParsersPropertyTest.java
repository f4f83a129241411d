package io.predlog.agent.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any text at all given to the parsers yields either a valid result or the documented error (docs/CONFIGURATION.md),
 * never another exception: the configuration, a method pattern, an expression. The generated strings mix the
 * parsers' own syntax with arbitrary characters, so that both near-misses and garbage are tried.
 */
class ParsersPropertyTest {

    /** Text built from the characters the parsers treat specially, and any others. */
    @Provide
    Arbitrary<String> syntaxLike() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of("#", "(", ")", ",", "..", ".", "*", "$", "\"", "\\", "\\u", "=", ":", "!", " ",
                        "\t", "\n", "\r", "arg0", "arg9999999999", "this", "return", "<init>", "<clinit>",
                        "com.acme.Model", "predict", "String", "int[]", "java.util.Map", "getFirst", "()", "[]",
                        "predlog.", "predict.", "load.", "entry.", "model_id", "input", "request_id", "sinks",
                        "service", "true", "1e309", "-1", "\u0000", "\u001b", "\uD800", "é"),
                Arbitraries.strings().ofMaxLength(6));
        return tokens.list().ofMaxSize(24).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void aMethodPatternParsesOrSaysWhatIsWrongWithIt(@ForAll("syntaxLike") String text) {
        try {
            MethodPattern pattern = MethodPattern.parse(text);
            assertNotNull(pattern);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("bad method pattern '"), e.getMessage());
        }
    }

    @Property(tries = 2000)
    void anExpressionParsesOrSaysWhatIsWrongWithIt(@ForAll("syntaxLike") String text) {
        try {
            Expression expression = Expression.parse(text);
            assertNotNull(expression);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("bad expression '"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> propertiesLike() {
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.of(ConfigKeys.all().stream().map(ConfigKey::name).toList()),
                Arbitraries.of("predlog.predict.score", "predict.score.model_id", "predlog.load.m.input",
                        "predlog.entry.e.request_id", "config", "predlog.nope"),
                syntaxLike());
        Arbitrary<String> separator = Arbitraries.of("=", " = ", ":", " ", "\t", "=\\\n  ");
        Arbitrary<String> line = Combinators.combine(key, separator, syntaxLike())
                .as((k, s, v) -> k + s + v);
        return Arbitraries.oneOf(line, syntaxLike(), Arbitraries.of("# comment", "! comment", "", "\\"))
                .list().ofMaxSize(12).map(lines -> String.join("\n", lines));
    }

    @Property(tries = 500)
    void anyPropertiesFileGivesAConfigurationOrErrorsNamingTheirKeys(@ForAll("propertiesLike") String text)
            throws IOException {
        Path file = Files.createTempFile("predlog-fuzz", ".properties");
        try {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8)); // an unpaired surrogate becomes ?
            assertWellFormed(ConfigLoader.load("config=" + file, new Properties(), Map.of(), "Svc",
                    ConfigLoaderTest.SINK_NAMES));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 1000)
    void anyAgentArgumentsSystemPropertyAndEnvironmentValueGiveAConfigurationOrErrors(
            @ForAll("syntaxLike") String args, @ForAll("syntaxLike") String value) {
        Properties sys = new Properties();
        sys.setProperty("predlog.predict.fuzz", value);
        assertWellFormed(ConfigLoader.load(args, sys, Map.of("PREDLOG_SINKS", value, "PREDLOG_" + value, value),
                "Svc", ConfigLoaderTest.SINK_NAMES));
    }

    private static void assertWellFormed(ConfigResult result) {
        for (ConfigError error : result.errors()) {
            assertTrue(!error.message().startsWith("internal error"), "not a parser's failure: " + error.describe());
            assertNotNull(error.key());
        }
        if (result.errors().isEmpty() && result.enabled()) {
            assertNotNull(result.config(), "no error means a configuration");
        }
        assertEquals(List.of(), result.warnings().stream().filter(w -> w.contains("internal error")).toList());
    }
}
