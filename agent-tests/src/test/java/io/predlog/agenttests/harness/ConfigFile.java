package io.predlog.agenttests.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes an agent properties file, one line per string, so tests can point at line numbers. */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** Writes {@code lines} to a new file {@code name} in a fresh directory and returns its absolute path. */
    public static Path write(String name, String... lines) {
        try {
            Path dir = Files.createDirectories(TestEnvironment.runsDirectory());
            Path configDir = Files.createTempDirectory(dir, "config-");
            Path file = configDir.resolve(name);
            Files.write(file, List.of(lines));
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
