package io.predlog.agent.extension;

import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkFactories;
import io.predlog.agent.sink.SinkSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Sink factories listed by an extension jar are found after the agent's own, and cannot take a name already used. */
class ExtensionSinksTest {

    /** A sink an extension offers. */
    public static final class Echo implements Sink.Factory {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public Sink create(SinkSettings settings) {
            throw new UnsupportedOperationException("not made here");
        }
    }

    /** An extension's factory that asks for the name of a built-in sink. */
    public static final class AnotherFile implements Sink.Factory {
        @Override
        public String name() {
            return "file";
        }

        @Override
        public Sink create(SinkSettings settings) {
            throw new AssertionError("never used: a built-in name stays the built-in sink's");
        }
    }

    /** A class directory standing for an extension jar, listing {@code factories} in its services file. */
    private static Path extension(Path dir, String... factories) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(Sink.Factory.class.getName()), String.join("\n", factories) + "\n");
        return dir;
    }

    @Test
    void anExtensionsFactoryIsFoundAfterTheBuiltInOnes(@TempDir Path dir) throws IOException {
        SinkFactories builtIn = SinkFactories.load();
        Extensions extensions = Extensions.of(List.of(extension(dir, Echo.class.getName())));

        SinkFactories all = extensions.sinkFactories(builtIn);

        assertEquals(builtIn.names(), all.names().subList(0, builtIn.names().size()));
        assertEquals("echo", all.names().get(all.names().size() - 1));
        assertInstanceOf(Echo.class, all.factory("echo"));
        assertInstanceOf(Sink.Factory.ForFile.class, all.factory("file"), "the built-in one, found once");
    }

    @Test
    void aFactoryRepeatingABuiltInNameOrThatCannotBeLoadedIsLeftOut(@TempDir Path dir) throws IOException {
        Extensions extensions = Extensions.of(List.of(extension(dir, AnotherFile.class.getName(),
                "com.example.Missing", Echo.class.getName())));

        SinkFactories all = extensions.sinkFactories(SinkFactories.load());

        assertInstanceOf(Sink.Factory.ForFile.class, all.factory("file"));
        assertInstanceOf(Echo.class, all.factory("echo"), "the ones after a bad line are still found");
        assertEquals(1, all.names().stream().filter("file"::equals).count());
    }

    @Test
    void withoutJarsTheBuiltInFactoriesAreAllThereIs() {
        SinkFactories builtIn = SinkFactories.load();
        assertSame(builtIn, Extensions.NONE.sinkFactories(builtIn));
    }

    @Test
    void aBatchTypeIsSharedWithTheAgentsLoader(@TempDir Path dir) throws Exception {
        Extensions extensions = Extensions.of(List.of(extension(dir, Echo.class.getName())));
        Sink.Factory echo = extensions.sinkFactories(SinkFactories.load()).factory("echo");
        // parent first: the extension's view of the sink contract is the agent's own class
        assertSame(EncodedBatch.class, echo.getClass().getClassLoader().loadClass(EncodedBatch.class.getName()));
    }
}
