package io.predlog.cli;

import java.io.PrintStream;

import io.predlog.cli.query.EventStore;

/**
 * A progress bar on standard error while files are read, drawn only when the command runs at a terminal
 * ({@code System.console() != null}) and the read is large enough to be worth watching.
 */
final class ConsoleProgress implements EventStore.Progress {

    private static final long WORTH_SHOWING = 32L << 20;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private long total;
    private long done;
    private long lastDraw;
    private boolean drawn;

    private ConsoleProgress(PrintStream err) {
        this.err = err;
    }

    /** A progress bar when the command runs at a terminal, else null (no progress is drawn). */
    static ConsoleProgress forTerminal() {
        return atTerminal() ? new ConsoleProgress(System.err) : null;
    }

    /**
     * {@code System.console() != null}; from JDK 22 on, where a console exists even when the streams are
     * redirected, also {@code Console.isTerminal()}.
     */
    static boolean atTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    @Override
    public void start(long totalBytes) {
        total = totalBytes;
    }

    @Override
    public void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (total >= WORTH_SHOWING && now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            int width = 30;
            int filled = (int) Math.min(width, width * done / Math.max(1, total));
            err.print("\rreading [" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + (done >> 20) + "/" + (total >> 20) + " MiB");
            err.flush();
            drawn = true;
        }
    }

    @Override
    public void finish() {
        if (drawn) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
    }
}
