package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.pipeline.EventPipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaBodiesTest {

    private static final String[] INTERFACES = {"java.lang.Runnable", "java.util.function.Supplier",
            "java.util.function.Function", "java.util.function.Consumer", "java.util.function.BiConsumer",
            "java.util.function.Predicate", "java.util.Comparator"};

    private static LambdaBodies lambdasOf(String... interfaces) {
        List<TargetSpec> specs = Arrays.stream(interfaces).map(name -> new TargetSpec(TargetKind.PREDICT, "t",
                MethodPattern.parse(name + "#*"), null, null, null, null)).toList();
        return new LambdaBodies(specs);
    }

    /** The agent's own classes (hundreds of lambdas) and the JDK's {@code java.base}. */
    private static List<byte[]> classFiles() throws IOException, URISyntaxException {
        List<byte[]> files = new ArrayList<>(ConstantPoolTest.realClassFiles());
        Path agentClasses = Path.of(EventPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> walk = Files.walk(agentClasses)) {
            for (Path path : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".class"))::iterator) {
                files.add(Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static boolean anywhereInTheBytes(byte[] file, String... interfaces) {
        for (String name : interfaces) {
            byte[] needle = ("L" + name.replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + needle.length <= file.length; i++) {
                if (Arrays.equals(file, i, i + needle.length, needle, 0, needle.length)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Every class in which the full read finds a lambda of a named interface passes the constant pool's check, and
     * the check lets through fewer classes than a search of the whole file for the interface's name would.
     */
    @Test
    void everyClassWithALambdaOfANamedInterfacePassesTheConstantPoolsCheck() throws Exception {
        LambdaBodies lambdas = lambdasOf(INTERFACES);
        int withBodies = 0;
        int passed = 0;
        int mentioned = 0;
        for (byte[] file : classFiles()) {
            String name = ClassHeader.of(file).name();
            boolean passes = lambdas.mentionsATarget(file);
            lambdas.transform(getClass().getClassLoader(), name.replace('.', '/'), null, null, file);
            boolean found = !lambdas.bodiesOf(name).isEmpty();
            boolean anywhere = anywhereInTheBytes(file, INTERFACES);
            assertTrue(passes || !found, name + " has lambda bodies but failed the check");
            assertTrue(anywhere || !passes, name + " passed without naming the interface anywhere");
            withBodies += found ? 1 : 0;
            passed += passes ? 1 : 0;
            mentioned += anywhere ? 1 : 0;
        }
        assertTrue(withBodies > 100, "classes with lambda bodies: " + withBodies);
        assertTrue(passed < mentioned, "passed " + passed + ", named the interface anywhere " + mentioned);
    }

    @Test
    void aLambdaOfTheNamedInterfaceIsFoundInThisClass() throws IOException {
        Supplier<String> lambda = () -> "made here";
        assertEquals("made here", lambda.get());
        byte[] file;
        try (var in = getClass().getResourceAsStream("LambdaBodiesTest.class")) {
            file = in.readAllBytes();
        }
        LambdaBodies suppliers = lambdasOf("java.util.function.Supplier");
        assertTrue(suppliers.mentionsATarget(file));
        suppliers.transform(getClass().getClassLoader(), getClass().getName().replace('.', '/'), null, null, file);
        assertFalse(suppliers.bodiesOf(getClass().getName()).isEmpty());
        assertFalse(lambdasOf("java.util.concurrent.Callable").mentionsATarget(file), "no Callable lambda here");
        assertFalse(suppliers.mentionsATarget(new byte[] {1, 2, 3}), "not a class file: nothing to find");
    }
}
