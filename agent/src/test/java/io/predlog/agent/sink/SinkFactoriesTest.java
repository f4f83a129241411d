package io.predlog.agent.sink;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigReference;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.sink.file.RollingFileSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in sinks, found through {@code ServiceLoader} and made from the configuration by name. */
class SinkFactoriesTest {

    private static final SinkFactories FACTORIES = SinkFactories.load();

    @TempDir
    Path tmp;

    private static SinkSettings settings(String agentArgs, SinkSettings.ClassLoads classLoads) {
        ConfigResult result = ConfigLoader.load(agentArgs, new Properties(), Map.of(), "svc", FACTORIES.names());
        AgentConfig config = result.config();
        assertNotNull(config, result.errors()::toString);
        return new SinkSettings(config, SampleEvents.PROCESS, classLoads);
    }

    private SinkSettings settings() {
        return settings("file.dir=" + tmp, SinkSettings.NO_CLASS_LOADS);
    }

    @Test
    void theBuiltInSinksAreFoundThroughServiceLoaderInTheAgentsClassLoader() {
        List<String> builtIn = new ArrayList<>();
        for (String name : FACTORIES.names()) {
            if (FACTORIES.factory(name).getClass().getEnclosingClass() == Sink.Factory.class) {
                builtIn.add(name);
            }
        }
        assertEquals(List.of("file", "stdout", "slf4j"), builtIn);
        assertInstanceOf(Sink.Factory.ForFile.class, FACTORIES.factory("file"));
        assertNull(FACTORIES.factory("kafka"));
    }

    @Test
    void everyBuiltInSinkIsNamedInTheConfigurationReference() {
        for (String name : FACTORIES.names()) {
            if (FACTORIES.factory(name).getClass().getEnclosingClass() == Sink.Factory.class) {
                assertTrue(ConfigReference.keyTable().contains("`" + name + "`"), name);
            }
        }
    }

    /** A second factory for a name already taken. */
    public static final class SecondStdout implements Sink.Factory {
        @Override
        public String name() {
            return "stdout";
        }

        @Override
        public Sink create(SinkSettings settings) {
            throw new AssertionError("never used: the first factory of a name wins");
        }
    }

    @Test
    void aFactoryThatCannotBeLoadedOrRepeatsANameIsLeftOutAndTheOthersAreStillFound() throws IOException {
        Path services = Files.writeString(tmp.resolve("services"), String.join("\n",
                "io.predlog.agent.sink.NoSuchFactory",
                Sink.Factory.ForStdout.class.getName(),
                SecondStdout.class.getName(),
                Sink.Factory.ForFile.class.getName()));
        ClassLoader listing = new ClassLoader(SinkFactories.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals("META-INF/services/" + Sink.Factory.class.getName())
                        ? Collections.enumeration(List.of(services.toUri().toURL())) : super.getResources(name);
            }
        };
        SinkFactories factories = SinkFactories.load(listing);
        assertEquals(List.of("stdout", "file"), factories.names());
        assertInstanceOf(Sink.Factory.ForStdout.class, factories.factory("stdout"));
    }

    @Test
    void createsTheNamedSinksInOrder() throws IOException {
        List<Sink> sinks = FACTORIES.create(List.of("stdout", "file", "slf4j"), settings());
        assertEquals(List.of("stdout", "file", "slf4j"), sinks.stream().map(Sink::name).toList());
        assertInstanceOf(StdoutSink.class, sinks.get(0));
        assertInstanceOf(Slf4jSink.class, sinks.get(2));
        RollingFileSink file = (RollingFileSink) sinks.get(1);
        assertTrue(file.currentFile().startsWith(tmp), file.currentFile().toString());
        assertTrue(file.currentFile().getFileName().toString().startsWith("predlog-fraud-scorer-"));
        assertTrue(file.currentFile().getFileName().toString().endsWith("-4242-0000.jsonl"));
        file.close();
    }

    @Test
    void anUnknownSinkIsRejectedNamingTheKeyTheNameAndTheKnownSinks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FACTORIES.create(List.of("file", "kafak"), settings()));
        assertTrue(e.getMessage().startsWith("predlog.sinks: unknown sink 'kafak'; known sinks: "), e.getMessage());
        assertTrue(e.getMessage().contains("file, stdout, slf4j"), e.getMessage());
        assertEquals(0, tmp.toFile().list().length, "no sink made when a name is wrong");
    }

    @Test
    void anUnknownSinkInTheConfigurationIsAConfigErrorWithASuggestion() {
        ConfigResult result = ConfigLoader.load("sinks=file,stdot", new Properties(), Map.of(), "svc",
                FACTORIES.names());
        assertEquals(1, result.errors().size(), result.errors()::toString);
        assertEquals("predlog.sinks", result.errors().get(0).key());
        assertTrue(result.errors().get(0).message().startsWith("unknown sink 'stdot' (did you mean stdout?); known"
                + " sinks: "), result.errors().get(0).message());
    }

    @Test
    void aSinkListedTwiceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FACTORIES.create(List.of("stdout", "stdout"), settings()));
        assertTrue(e.getMessage().contains("'stdout' is listed twice"), e.getMessage());
    }

    @Test
    void aFileSinkOverAnUnwritableDirectoryIsStillCreated() throws IOException {
        Path blocker = Files.createFile(tmp.resolve("blocker"));
        SinkSettings settings = settings("file.dir=" + blocker.resolve("logs"), SinkSettings.NO_CLASS_LOADS);
        List<Sink> sinks = FACTORIES.create(List.of("file"), settings);
        assertEquals(1, sinks.size());
        assertNotNull(((RollingFileSink) sinks.get(0)).openFailure());
        sinks.get(0).close();
    }

    @Test
    void theSlf4jSinkAsksToHearWhenTheApplicationLoadsSlf4j() {
        List<Set<String>> watched = new ArrayList<>();
        FACTORIES.create(List.of("slf4j"), settings("file.dir=" + tmp, (names, onLoad) -> watched.add(names)));
        assertEquals(List.of(Set.of("org.slf4j.LoggerFactory")), watched);
    }
}
