package io.predlog.agent.sink;

import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.sink.file.FileSinkSettings;
import io.predlog.agent.sink.file.RollingFileSink;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where encoded events go: receives batches of JSON lines. Every call to one sink comes from one thread: the
 * dispatcher when it is the only sink, else a daemon thread of its own, {@code predlog-sink-<name>}; so an
 * implementation needs no locking. It may block (the application never waits on it). Alone, a slow sink delays the
 * dispatcher and, once the queue fills, makes the pipeline drop events; beside other sinks it delays none of them, and
 * the batches it falls too far behind to take are counted as its {@code sink_error} drops (docs/SINKS.md, "Several
 * sinks side by side").
 *
 * <p>Contract for {@link #write}: it either accepts the whole batch (written, or kept to be written later)
 * or throws, in which case the pipeline counts every event of the batch as a {@code sink_error} drop for this
 * sink. A sink that throws keeps being called with later batches, so it can recover. One exception: a
 * {@link LostEventsException} from {@code write} or {@link #flush} says the batch was taken but that many events
 * accepted earlier are lost (a network sink whose spool is full); they are counted as its {@code sink_error} drops. A
 * batch's buffers are reused once {@code write} returns: copy what must outlive the call.
 *
 * <p>Sinks are made by a {@link Factory}, one per sink name, found through {@link java.util.ServiceLoader}
 * ({@link SinkFactories}).
 */
public interface Sink extends Closeable {

    /** The sink's name in configuration and in drop counts ({@code file}, {@code stdout}). */
    String name();

    /** Accepts a batch (see the type's contract). */
    void write(EncodedBatch batch) throws IOException;

    /**
     * Pushes what is buffered towards its destination. Failing to does not lose it: it is retried. Events the sink
     * had accepted and has since lost (the file they were written into was deleted) are reported with a
     * {@link LostEventsException}, so the pipeline counts them as dropped, not written.
     */
    void flush() throws IOException;

    /**
     * Flushes and releases the sink. Events still buffered that cannot be written are reported with a
     * {@link LostEventsException}, so the pipeline can count them.
     */
    @Override
    void close() throws IOException;

    /**
     * What this sink keeps on disk, for the {@code disk} field of {@code agent_health}; empty (the default) for a
     * sink that keeps no files. Called from the sink's thread, once per health interval or after each flush: it
     * should answer from what the sink already tracks rather than list a directory.
     */
    default Optional<DiskUsage> diskUsage() {
        return Optional.empty();
    }

    /**
     * Files and bytes a sink keeps on disk.
     *
     * @param files files it has written and not yet deleted
     * @param bytes their total size in bytes
     */
    record DiskUsage(long files, long bytes) {
    }

    /**
     * Makes the sink of one name: the extension point for sinks, and the way the built-in ones are made.
     * Implementations are found with {@link java.util.ServiceLoader} in the agent's own class loader
     * ({@link SinkFactories#load()}) and in the extension jars' ({@link SinkFactories#and}), listed in
     * {@code META-INF/services/io.predlog.agent.sink.Sink$Factory}; the names they give are what {@code predlog.sinks}
     * accepts.
     *
     * <p>Where a factory is found. The agent's classes live in an isolated class loader that reads the agent jar's
     * {@code inst/} folder and sees the JDK, never the application's class path (docs/ARCHITECTURE.md, "Class
     * loaders"). A factory on the application's class path is therefore not found, on purpose; the built-in
     * ones are in the agent jar. A user's sink is a jar of its own named by {@code predlog.extensions}, listing its
     * factory in {@code META-INF/services/io.predlog.agent.sink.Sink$Factory}: it is read by the extensions' class
     * loader, whose parent is the agent's, so it links against these same types, and its factories are found after
     * the built-in ones (a name already taken is reported and left out). The libraries it carries are its own: the
     * application's copies of them are not visible to it (docs/SINKS.md has a complete example). Code a sink against
     * {@link Sink}, {@link Factory}, {@link SinkSettings}, {@link EncodedBatch}, {@link LostEventsException},
     * {@link io.predlog.agent.event.Event} (its name, model id and request id), {@link io.predlog.agent.sink.spool.Spool}
     * and the JDK only: the libraries the agent bundles are relocated and are not part of this contract.
     *
     * <p>Threading. {@link #create} is called once per configured name, at start-up, on the thread that starts
     * the agent (the JVM's {@code premain}: the application waits for it), before the dispatcher starts. It may
     * open files or connections, but should not wait on the network: a destination that is not there yet is
     * better retried from {@link Sink#write}. The sink it returns is then called from one thread only (see
     * {@link Sink}).
     *
     * <p>Failures. A factory that throws from {@code create} is reported on stderr ({@code sink '<name>' could not
     * be opened}) and the agent runs without that sink; the other sinks are unaffected. A factory class that
     * cannot be loaded or instantiated is reported and left out, and its name is then unknown to
     * {@code predlog.sinks}. Two factories of one name: the first found is used, and the second is reported.
     *
     * <p>What a factory may keep. Nothing: it is instantiated by {@code ServiceLoader} with its public no-argument
     * constructor, asked for its {@link #name} and to {@link #create} a sink, and then let go. Everything a sink
     * needs is read from the {@link SinkSettings} during {@code create} and passed to the sink's constructor;
     * the settings object itself should not be kept.
     */
    interface Factory {

        /**
         * The sink's name in {@code predlog.sinks}: constant, lower case, unique among the factories (the built-in
         * ones are {@code file}, {@code stdout}, {@code slf4j}).
         */
        String name();

        /**
         * A new sink, configured from {@code settings} (see the type's contract).
         *
         * @throws Exception when the sink cannot be made; the agent then runs without it
         */
        Sink create(SinkSettings settings) throws Exception;

        /**
         * {@code file}: the {@link RollingFileSink} under {@code predlog.file.dir}, with the rolling and retention
         * keys {@code predlog.file.*}; its maintenance thread starts here. A directory that cannot be written at
         * start-up still gives a sink: a warning names the directory and the reason, and the sink retries with
         * every batch (batches it cannot write are refused and counted as its drops), so a directory that appears
         * later, or a disk that frees up, is picked up.
         */
        final class ForFile implements Factory {

            @Override
            public String name() {
                return "file";
            }

            @Override
            public Sink create(SinkSettings settings) {
                FileSinkSettings file = new FileSinkSettings(settings.path(ConfigKeys.FILE_DIR),
                        Math.max(1, Math.round(settings.decimal(ConfigKeys.FILE_MAX_SIZE_MB) * (1 << 20))),
                        Duration.ofDays(settings.number(ConfigKeys.FILE_RETENTION_DAYS)),
                        settings.number(ConfigKeys.FILE_MAX_TOTAL_MB) << 20,
                        settings.path(ConfigKeys.FILE_ARCHIVE_DIR));
                RollingFileSink sink = RollingFileSink.start(file, settings.process().service(),
                        settings.process().pid());
                if (sink.openFailure() != null) {
                    Diagnostics.warn("file sink cannot write in " + file.dir() + " (" + sink.openFailure()
                            + "); retrying with every batch, dropping events meanwhile");
                }
                return sink;
            }
        }

        /** {@code stdout}: the {@link StdoutSink}, on the process's file descriptor 1. */
        final class ForStdout implements Factory {

            @Override
            public String name() {
                return "stdout";
            }

            @Override
            public Sink create(SinkSettings settings) {
                return new StdoutSink();
            }
        }

        /**
         * {@code slf4j}: the {@link Slf4jSink}, told when the application loads its SLF4J
         * ({@link SinkSettings#onClassLoad}).
         */
        final class ForSlf4j implements Factory {

            @Override
            public String name() {
                return Slf4jSink.NAME;
            }

            @Override
            public Sink create(SinkSettings settings) {
                Slf4jSink sink = new Slf4jSink();
                settings.onClassLoad(Slf4jSink.watched(), sink::frameworkLoaded);
                return sink;
            }
        }
    }
}
