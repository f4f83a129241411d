package io.predlog.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Any text at all given to the parsers yields either a valid result or the documented error (docs/CONFIGURATION.md),
 * never another exception: the configuration, a method pattern, an expression. The generated strings mix the
 * parsers' own syntax with arbitrary characters, so that both near-misses and garbage are tried.
 *
 * <p>The texts come from a seeded {@link Random}: the same on every run, another with
 * {@code -Dpredlog.fuzz.seed=N}; a failure names the seed, the try and the text, so that it can be replayed.
 */
class ParsersPropertyTest {

    private static final long SEED = Long.getLong("predlog.fuzz.seed", 20261203L);

    private static final List<String> TOKENS = List.of("#", "(", ")", ",", "..", ".", "*", "$", "\"", "\\", "\\u", "=",
            ":", "!", " ", "\t", "\n", "\r", "arg0", "arg9999999999", "this", "return", "<init>", "<clinit>",
            "com.acme.Model", "predict", "String", "int[]", "java.util.Map", "getFirst", "()", "[]", "predlog.",
            "predict.", "load.", "entry.", "model_id", "input", "request_id", "sinks", "service", "true", "1e309", "-1",
            "\u0000", "\u001b", "\uD800", "é");
    private static final List<String> KEYS = List.of("predlog.predict.score", "predict.score.model_id",
            "predlog.load.m.input", "predlog.entry.e.request_id", "config", "predlog.nope");
    private static final List<String> SEPARATORS = List.of("=", " = ", ":", " ", "\t", "=\\\n  ");
    private static final List<String> PATTERNS = List.of("com.acme.Model#predict", "*$BaseScorer#score", "c.M#m(*, ..)",
            "c.M#m(float[], String[][], int)", "com.acme.*#predict(java.util.Map)", "c.M#<init>(..)", "c.M#m(Outer$Inner)");
    private static final List<String> EXPRESSIONS = List.of("arg0", "arg1.modelId", "this.version", "return.name()",
            "arg0.getFirst().id", "this.model.config.name()", "\"v1\"");
    private static final List<String> LONE_LINES = List.of("# comment", "! comment", "", "\\");

    @TempDir
    Path dir;

    /** Up to 6 characters of any kind: ASCII, control characters, any BMP character, lone surrogates included. */
    private static String anyChars(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            b.append((char) switch (random.nextInt(3)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> random.nextInt(0x20);
                default -> random.nextInt(0x10000);
            });
        }
        return b.toString();
    }

    /** Text built from up to 24 parts, each one of the parsers' special tokens or a few arbitrary characters. */
    static String syntaxLike(Random random) {
        StringBuilder b = new StringBuilder();
        int parts = random.nextInt(25);
        for (int i = 0; i < parts; i++) {
            b.append(random.nextBoolean() ? TOKENS.get(random.nextInt(TOKENS.size())) : anyChars(random));
        }
        return b.toString();
    }

    /**
     * Half the time a valid text of {@code valid} with up to three edits (a token or a character inserted, a
     * character removed or replaced), half the time {@link #syntaxLike}: near-misses and texts that parse, beside
     * garbage.
     */
    static String nearValid(Random random, List<String> valid) {
        if (random.nextBoolean()) {
            return syntaxLike(random);
        }
        StringBuilder b = new StringBuilder(valid.get(random.nextInt(valid.size())));
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> b.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 1 -> b.insert(at, anyChars(random));
                case 2 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < b.length()) {
                        b.setCharAt(at, (char) (0x20 + random.nextInt(0x5f)));
                    }
                }
            }
        }
        return b.toString();
    }

    /** Up to 12 lines: key, separator and value; syntax-like text; or comments and blank lines. */
    static String propertiesLike(Random random) {
        List<String> known = ConfigKeys.all().stream().map(ConfigKey::name).toList();
        StringBuilder b = new StringBuilder();
        int lines = random.nextInt(13);
        for (int i = 0; i < lines; i++) {
            if (i > 0) {
                b.append('\n');
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    String key = switch (random.nextInt(3)) {
                        case 0 -> known.get(random.nextInt(known.size()));
                        case 1 -> KEYS.get(random.nextInt(KEYS.size()));
                        default -> syntaxLike(random);
                    };
                    b.append(key).append(SEPARATORS.get(random.nextInt(SEPARATORS.size()))).append(syntaxLike(random));
                }
                case 1 -> b.append(syntaxLike(random));
                default -> b.append(LONE_LINES.get(random.nextInt(LONE_LINES.size())));
            }
        }
        return b.toString();
    }

    /** Runs {@code check} on {@code tries} generated texts, naming the seed, the try and the text when one fails. */
    private static void forAll(int tries, Function<Random, String> generator, Consumer<String> check) {
        Random random = new Random(SEED);
        for (int i = 0; i < tries; i++) {
            String text = generator.apply(random);
            try {
                check.accept(text);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + SEED + ", try " + i + ", text " + escaped(text) + ": " + e, e);
            }
        }
    }

    private static String escaped(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }

    @Test
    void theGeneratorsAreTheSameForOneSeedAndReachTheParsersSyntax() {
        Random a = new Random(SEED);
        Random b = new Random(SEED);
        for (int i = 0; i < 50; i++) {
            assertEquals(syntaxLike(a), syntaxLike(b));
            assertEquals(propertiesLike(a), propertiesLike(b));
        }
        // the texts reach past the parsers' first checks: some method patterns and expressions parse, many do not
        Random random = new Random(SEED);
        int[] patterns = new int[2];
        int[] expressions = new int[2];
        for (int i = 0; i < 2000; i++) {
            try {
                MethodPattern.parse(nearValid(random, PATTERNS));
                patterns[0]++;
            } catch (IllegalArgumentException e) {
                patterns[1]++;
            }
            try {
                Expression.parse(nearValid(random, EXPRESSIONS));
                expressions[0]++;
            } catch (IllegalArgumentException e) {
                expressions[1]++;
            }
        }
        assertTrue(patterns[0] > 200 && patterns[1] > 200, patterns[0] + " patterns parsed, " + patterns[1] + " refused");
        assertTrue(expressions[0] > 200 && expressions[1] > 200,
                expressions[0] + " expressions parsed, " + expressions[1] + " refused");
    }

    @Test
    void aMethodPatternParsesOrSaysWhatIsWrongWithIt() {
        forAll(2000, random -> nearValid(random, PATTERNS), text -> {
            try {
                assertNotNull(MethodPattern.parse(text));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("bad method pattern '"), e.getMessage());
            }
        });
    }

    @Test
    void anExpressionParsesOrSaysWhatIsWrongWithIt() {
        forAll(2000, random -> nearValid(random, EXPRESSIONS), text -> {
            try {
                assertNotNull(Expression.parse(text));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("bad expression '"), e.getMessage());
            }
        });
    }

    @Test
    void anyPropertiesFileGivesAConfigurationOrErrorsNamingTheirKeys() {
        Path file = dir.resolve("fuzz.properties");
        forAll(500, ParsersPropertyTest::propertiesLike, text -> {
            try {
                Files.write(file, text.getBytes(StandardCharsets.UTF_8)); // an unpaired surrogate becomes ?
            } catch (IOException e) {
                fail(e);
            }
            assertWellFormed(ConfigLoader.load("config=" + file, new Properties(), Map.of(), "Svc",
                    ConfigLoaderTest.SINK_NAMES));
        });
    }

    @Test
    void anyAgentArgumentsSystemPropertyAndEnvironmentValueGiveAConfigurationOrErrors() {
        Random values = new Random(SEED + 1);
        forAll(1000, ParsersPropertyTest::syntaxLike, args -> {
            String value = syntaxLike(values);
            Properties sys = new Properties();
            sys.setProperty("predlog.predict.fuzz", value);
            assertWellFormed(ConfigLoader.load(args, sys, Map.of("PREDLOG_SINKS", value, "PREDLOG_" + value, value),
                    "Svc", ConfigLoaderTest.SINK_NAMES));
        });
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
