package io.predlog.agent.novelty;

import io.predlog.agent.diagnostics.Diagnostics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the novelty filters in {@code predlog.novelty.dir} across restarts ({@link NoveltyFile} is the format).
 * Everything here runs on the daemon thread {@value #THREAD} or, for the final save, on the shutdown hook's
 * thread: never on an application thread. Failures are reported as {@code [predlog]} warnings, never thrown.
 *
 * <p>At start the thread reads every {@code *.bloom} file and adds each usable one to its model's filters (a
 * Bloom union, so predictions made while it was reading are kept too); the files it cannot use are named, each
 * with its reason, in one warning, and their models start empty (a file is overwritten when its model's filters
 * are next saved). Then it
 * writes every model that changed since its last write, every {@link #DEFAULT_INTERVAL_MS} ms, and once more at
 * shutdown.
 */
final class NoveltyPersistence {

    static final String THREAD = "predlog-novelty";
    static final long DEFAULT_INTERVAL_MS = TimeUnit.MINUTES.toMillis(5);
    /** How long agent start-up waits for the saved filters (32 models of 2.5 MB read in well under this). */
    static final long LOAD_WAIT_MS = 2_000;

    private final NoveltyFilters filters;
    private final Path dir;
    private final long keyFingerprint;
    private final Consumer<String> warnings;
    /** Between saves; tests shorten it. */
    volatile long intervalMs = DEFAULT_INTERVAL_MS;
    /** The change mark of each model at its last write; only this class's threads touch it, under its lock. */
    private final Map<String, Long> written = new HashMap<>();
    private final Object lock = new Object();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private Thread thread;
    private boolean closed;

    NoveltyPersistence(NoveltyFilters filters, Path dir, long keyFingerprint, Consumer<String> warnings) {
        this.filters = filters;
        this.warnings = warnings;
        this.dir = dir;
        this.keyFingerprint = keyFingerprint;
    }

    /**
     * Starts the thread and waits up to {@link #LOAD_WAIT_MS} ms for it to read the saved files, so that the
     * application's first calls already answer from them; calls made during a longer load answer from what this
     * run has seen so far (the load is merged in when it completes).
     */
    void start() {
        synchronized (lock) {
            if (thread != null || closed) {
                return;
            }
            thread = new Thread(this::run, THREAD);
            thread.setDaemon(true);
            thread.start();
        }
        try {
            loaded.await(LOAD_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            try {
                load();
            } finally {
                loaded.countDown();
            }
            while (true) {
                synchronized (lock) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
                    long left;
                    while (!closed && (left = until - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    }
                    if (closed) {
                        return;
                    }
                }
                save();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            Diagnostics.failure("novelty.persistence", t);
        }
    }

    /** Stops the thread (waiting for a load or save in progress) and writes what changed since the last save. */
    void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        save();
    }

    /** Reads every saved model into the live filters. Called once, on the persistence thread. */
    void load() {
        if (!Files.isDirectory(dir)) {
            return; // nothing saved yet: the first save creates it
        }
        List<String> unused = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + NoveltyFile.SUFFIX)) {
            for (Path file : files) {
                String problem = loadOne(file);
                if (problem != null) {
                    unused.add(file.getFileName() + " (" + problem + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            warnings.accept("novelty: could not list " + dir + " (" + e + "); input_seen_before starts empty");
            return;
        }
        if (!unused.isEmpty()) { // one line however many files: a changed key or capacity rejects them all
            warnings.accept("novelty: not using " + unused.size() + " saved file(s) in " + dir + ": "
                    + String.join("; ", unused.subList(0, Math.min(5, unused.size())))
                    + (unused.size() > 5 ? "; and " + (unused.size() - 5) + " more" : "")
                    + "; those models' input_seen_before starts empty, and their files are replaced at the next save");
        }
    }

    /** Adds one file to its model's filters; null when done, else why the file was not used. */
    private String loadOne(Path file) {
        try {
            NoveltyFile.Saved saved = NoveltyFile.read(file, filters.bits(), keyFingerprint);
            ModelNovelty model = filters.track(saved.modelId());
            if (model != null) {
                model.merge(saved.current(), saved.currentInserted(), saved.previous(), saved.previousInserted());
            }
            return null;
        } catch (NoveltyFile.Rejected e) {
            return e.getMessage();
        } catch (IOException | RuntimeException e) {
            return "unreadable: " + e;
        }
    }

    /** Writes every model whose filters changed since its last write. Safe to call from any non-app thread. */
    void save() {
        synchronized (written) {
            boolean created = false;
            for (ModelNovelty model : filters.tracked()) {
                long mark = model.changeMark();
                Long before = written.get(model.modelId());
                if (before != null && before == mark) {
                    continue;
                }
                try {
                    if (!created) {
                        Files.createDirectories(dir);
                        created = true;
                    }
                    NoveltyFile.write(dir.resolve(NoveltyFile.fileName(model.modelId())), model, keyFingerprint);
                    written.put(model.modelId(), mark);
                } catch (IOException | RuntimeException e) {
                    Diagnostics.failure("novelty.save", e);
                }
            }
        }
    }
}
