package io.predlog.sample;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps {@code agent.properties.example} true to this code: every target names a real type, and its
 * pattern matches exactly one concrete method or constructor among that type and its subtypes here,
 * so each call is recorded once. Pattern semantics as in SPEC section 2 (no wildcards used here).
 */
class ExampleConfigTest {
    private static final Pattern TARGET_KEY = Pattern.compile("predlog\\.(predict|load|entry)\\.([A-Za-z0-9_-]+)");
    private static final Pattern METHOD_PATTERN = Pattern.compile("([\\w.$]+)#([\\w<>]+)\\(([^)]*)\\)");
    private static final Pattern ARG_REF = Pattern.compile("\\barg(\\d+)\\b");

    @Test
    void everyTargetMatchesExactlyOneConcreteMethodOfTheSampleApp() throws Exception {
        Properties config = load();
        List<Class<?>> sampleClasses = sampleClasses();
        int targets = 0;
        for (String key : config.stringPropertyNames()) {
            if (!TARGET_KEY.matcher(key).matches()) {
                continue;
            }
            targets++;
            Matcher m = METHOD_PATTERN.matcher(config.getProperty(key).trim());
            assertTrue(m.matches(), key + ": not a Type#method(params) pattern");
            Class<?> named = Class.forName(m.group(1), false, getClass().getClassLoader());
            String method = m.group(2);
            List<String> params = m.group(3).isBlank() ? List.of()
                    : Arrays.stream(m.group(3).split(",")).map(String::trim).toList();

            List<Executable> matches = new ArrayList<>();
            for (Class<?> type : sampleClasses) {
                if (!named.isAssignableFrom(type)) {
                    continue;
                }
                Executable[] candidates = method.equals("<init>") ? type.getDeclaredConstructors() : type.getDeclaredMethods();
                for (Executable e : candidates) {
                    if ((method.equals("<init>") || e.getName().equals(method)) && !Modifier.isAbstract(e.getModifiers())
                            && !e.isSynthetic() && paramsMatch(params, e.getParameterTypes())) {
                        matches.add(e);
                    }
                }
            }
            assertEquals(1, matches.size(), key + " should match one method, matched " + matches);

            int arity = matches.get(0).getParameterCount();
            for (String sub : config.stringPropertyNames()) {
                if (sub.startsWith(key + ".")) {
                    Matcher arg = ARG_REF.matcher(config.getProperty(sub));
                    while (arg.find()) {
                        assertTrue(Integer.parseInt(arg.group(1)) < arity, sub + " refers to a missing argument");
                    }
                }
            }
        }
        assertEquals(5, targets, "predict x2, load x2, entry x1");
    }

    @Test
    void everyCoreKeyIsDocumented() throws IOException {
        String text = Files.readString(examplePath());
        for (String key : List.of("predlog.enabled", "predlog.fail_fast", "predlog.service", "predlog.sinks",
                "predlog.file.dir", "predlog.input.values", "predlog.hash.key", "predlog.hash.max_nodes",
                "predlog.hash.max_bytes", "predlog.queue.capacity", "predlog.shutdown.timeout_ms",
                "predlog.unmatched_warning_s")) {
            assertTrue(text.contains("#" + key + " ="), key + " is not documented");
        }
        assertFalse(load().containsKey("predlog.enabled"), "core keys stay commented out, at their defaults");
    }

    private static boolean paramsMatch(List<String> pattern, Class<?>[] actual) {
        if (pattern.size() != actual.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            String p = pattern.get(i);
            if (!p.equals("*") && !p.equals(actual[i].getName()) && !p.equals(actual[i].getSimpleName())
                    && !p.equals(actual[i].getCanonicalName())) {
                return false;
            }
        }
        return true;
    }

    private static Path examplePath() {
        // Tests run in the module directory; the example lives at the repository root.
        return Path.of("..", "agent.properties.example");
    }

    private static Properties load() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(examplePath())) {
            p.load(in);
        }
        return p;
    }

    private List<Class<?>> sampleClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(SampleService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                classes.add(Class.forName(name.substring(0, name.length() - ".class".length()), false,
                        getClass().getClassLoader()));
            }
        }
        return classes;
    }
}
