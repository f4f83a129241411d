package io.predlog.agent.sink;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.ProcessInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the configured sinks from their names. */
public final class Sinks {

    /** The sink names this build knows. */
    public static final List<String> KNOWN = List.of("file", "stdout");

    private Sinks() {
    }

    /**
     * One sink per name, in order ({@code "file"}, {@code "stdout"}; case and surrounding blanks ignored).
     * Names are all checked before any sink is made.
     *
     * <p>A file sink whose directory cannot be written at start-up is still returned: a warning names the
     * directory and the reason, and the sink keeps retrying on later batches (it holds up to one buffer of
     * events for the retry; batches beyond that are refused and counted as its drops), so a directory that
     * appears later, or a disk that frees up, is picked up.
     *
     * @throws IllegalArgumentException naming an unknown or repeated sink
     */
    public static List<Sink> create(List<String> names, Path fileDir, ProcessInfo process) {
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
                FileSink file = new FileSink(fileDir, process.service(), process.pid());
                if (file.openFailure() != null) {
                    Diagnostics.warn("file sink cannot write " + file.file() + " (" + file.openFailure()
                            + "); retrying with every batch, dropping events it cannot hold meanwhile");
                }
                sinks.add(file);
            } else {
                sinks.add(new StdoutSink());
            }
        }
        return List.copyOf(sinks);
    }
}
