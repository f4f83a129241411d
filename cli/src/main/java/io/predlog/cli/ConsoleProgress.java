package io.predlog.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.predlog.cli.query.EventStore;

/**
 * A progress bar on standard error while files are read, drawn only when the command runs at a terminal and the
 * read is large enough to be worth watching (32 MiB). One line, redrawn in place at most five times a second:
 *
 * <pre>
 * reading [#######                       ]  25%  100/400 MiB  50.0 MiB/s  ETA 6s
 * </pre>
 *
 * The rate is of the bytes read since reading started; the time left assumes it holds. When reading ends the
 * line is blanked and the cursor left at its start, so what the command prints next starts on a clean line.
 */
final class ConsoleProgress implements EventStore.Progress {

    /** Reads smaller than this are over before a bar would help. */
    static final long WORTH_SHOWING = 32L << 20;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final LongSupplier nanoClock;
    private long total;
    private long done;
    private long started;
    private long lastDraw;
    private int longest;

    /**
     * @param err       where to draw
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    ConsoleProgress(PrintStream err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
    }

    /** A progress bar on {@code System.err} when the command runs at a terminal ({@link #atTerminal()}), else null. */
    static ConsoleProgress forTerminal() {
        return forTerminal(atTerminal(), System.err, System::nanoTime);
    }

    /** A progress bar on {@code err} when {@code terminal}, else null: nothing is drawn into a pipe or a file. */
    static ConsoleProgress forTerminal(boolean terminal, PrintStream err, LongSupplier nanoClock) {
        return terminal ? new ConsoleProgress(err, nanoClock) : null;
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
        started = nanoClock.getAsLong();
        lastDraw = started;
    }

    @Override
    public void advance(long bytes) {
        done += bytes;
        long now = nanoClock.getAsLong();
        if (total >= WORTH_SHOWING && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            String line = line(done, total, now - started);
            err.print("\r" + line + " ".repeat(Math.max(0, longest - line.length())));
            err.flush();
            longest = Math.max(longest, line.length());
        }
    }

    @Override
    public void finish() {
        if (longest > 0) {
            err.print("\r" + " ".repeat(longest) + "\r");
            err.flush();
        }
    }

    /** The bar for {@code done} of {@code total} bytes read in {@code elapsedNanos}. */
    static String line(long done, long total, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) (WIDTH * fraction);
        StringBuilder line = new StringBuilder("reading [").append("#".repeat(filled)).append(" ".repeat(WIDTH - filled))
                .append("] ").append(String.format(Locale.ROOT, "%3d%%", (int) (fraction * 100)))
                .append("  ").append(done >> 20).append('/').append(total >> 20).append(" MiB");
        double seconds = elapsedNanos / 1e9;
        if (seconds > 0 && done > 0) {
            double perSecond = done / seconds;
            line.append(String.format(Locale.ROOT, "  %.1f MiB/s", perSecond / (1 << 20)));
            long left = Math.max(0, total - done);
            line.append("  ETA ").append(duration(Math.round(left / perSecond)));
        }
        return line.toString();
    }

    /** {@code 6s}, {@code 1m05s}, {@code 2h03m}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
