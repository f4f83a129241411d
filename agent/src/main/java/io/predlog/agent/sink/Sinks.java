package io.predlog.agent.sink;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.ProcessInfo;
import io.predlog.agent.sink.file.FileSinkSettings;
import io.predlog.agent.sink.file.RollingFileSink;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the configured sinks from their names. */
public final class Sinks {

    /** The sink names this build knows. */
    public static final List<String> KNOWN = List.of("file", "stdout", "slf4j");

    private Sinks() {
    }

    /** As {@link #create(List, FileSinkSettings, ProcessInfo)} with the file sink's defaults for {@code fileDir}. */
    public static List<Sink> create(List<String> names, Path fileDir, ProcessInfo process) {
        return create(names, FileSinkSettings.defaults(fileDir), process);
    }

    /**
     * One sink per name, in order ({@code "file"}, {@code "stdout"}; case and surrounding blanks ignored).
     * Names are all checked before any sink is made.
     *
     * <p>The file sink is the {@link RollingFileSink}; its maintenance thread starts here. A file sink whose
     * directory cannot be written at start-up is still returned: a warning names the directory and the reason,
     * and the sink retries with every batch (batches it cannot write are refused and counted as its drops), so a
     * directory that appears later, or a disk that frees up, is picked up.
     *
     * @throws IllegalArgumentException naming an unknown or repeated sink
     */
    public static List<Sink> create(List<String> names, FileSinkSettings file, ProcessInfo process) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown sink '" + raw + "' (known: " + String.join(", ", KNOWN) + ")");
            }
            if (!wanted.add(name)) {
                throw new IllegalArgumentException("sink '" + name + "' is listed twice");
            }
        }
        List<Sink> sinks = new ArrayList<>();
        for (String name : wanted) {
            if (name.equals("file")) {
                RollingFileSink sink = RollingFileSink.start(file, process.service(), process.pid());
                if (sink.openFailure() != null) {
                    Diagnostics.warn("file sink cannot write in " + file.dir() + " (" + sink.openFailure()
                            + "); retrying with every batch, dropping events meanwhile");
                }
                sinks.add(sink);
            } else if (name.equals("slf4j")) {
                sinks.add(new Slf4jSink());
            } else {
                sinks.add(new StdoutSink());
            }
        }
        return List.copyOf(sinks);
    }
}
