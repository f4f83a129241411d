package io.predlog.agent.diagnostics;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own voice: one {@code [predlog]} line each on stderr, never through the application's logging.
 *
 * <p>Every line is printable: control characters in a message are escaped and an overlong message is cut
 * ({@link #printable}).
 *
 * <p>Internal failures are counted by kind and reported at most once a minute per kind (docs/ARCHITECTURE.md), so a
 * failure on a hot path cannot flood the application's stderr.
 */
public final class Diagnostics {

    /** The longest message printed whole. */
    public static final int MAX_MESSAGE_CHARS = 4096;
    private static final long REPORT_INTERVAL_NANOS = 60_000_000_000L;
    private static final PrintStream OUT = System.err;
    private static final ConcurrentHashMap<String, FailureKind> FAILURES = new ConcurrentHashMap<>();

    private Diagnostics() {
    }

    /** A plain informational line, such as the start-up banner. */
    public static void info(String message) {
        print(message);
    }

    /** A warning the user should act on (an unmatched target, an expression that failed). */
    public static void warn(String message) {
        print("WARN " + message);
    }

    /** An error, such as a config error that disables the agent. */
    public static void error(String message) {
        print("ERROR " + message);
    }

    /**
     * Counts a failure inside the agent and reports it when this kind has not been reported in the last
     * minute. Never throws.
     */
    public static void failure(String kind, Throwable cause) {
        try {
            FailureKind k = FAILURES.computeIfAbsent(kind, x -> new FailureKind());
            long count = k.count.incrementAndGet();
            long now = System.nanoTime();
            long last = k.lastReportNanos.get();
            if ((count == 1 || now - last >= REPORT_INTERVAL_NANOS) && k.lastReportNanos.compareAndSet(last, now)) {
                print("WARN internal failure '" + kind + "' (" + count + " so far)" + describe(cause));
            }
        } catch (Throwable ignored) {
            // diagnostics must never be the reason something breaks
        }
    }

    /**
     * {@code ": Type: message"}, and for a wrapped failure its root cause and where that was thrown (an
     * {@code ExceptionInInitializerError} says nothing by itself), or {@code ""} for none.
     */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(": ").append(cause.getClass().getName());
        if (cause.getMessage() != null) {
            b.append(": ").append(cause.getMessage());
        }
        Throwable root = cause;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
        }
        if (root != cause) {
            b.append(" (caused by ").append(root.getClass().getName());
            if (root.getMessage() != null) {
                b.append(": ").append(root.getMessage());
            }
            StackTraceElement[] at = root.getStackTrace();
            if (at.length > 0) {
                b.append(" at ").append(at[0]);
            }
            b.append(')');
        }
        return b.toString();
    }

    /** How many failures of this kind have been counted. */
    public static long failureCount(String kind) {
        FailureKind k = FAILURES.get(kind);
        return k == null ? 0 : k.count.get();
    }

    private static void print(String message) {
        try {
            OUT.println("[predlog] " + printable(message));
        } catch (Throwable ignored) {
            // stderr closed: nothing left to tell
        }
    }

    /**
     * {@code message} as one safe terminal line: control characters (C0, DEL, C1, and the Unicode line and
     * paragraph separators) are escaped ({@code \n}, {@code \t}, {@code \r}, else {@code \u001b}), so text
     * that came from a file or a value (a binary file given as the configuration) can neither break the line nor
     * drive the terminal; a message longer than {@value #MAX_MESSAGE_CHARS} characters is cut, saying by how much.
     */
    public static String printable(String message) {
        if (message == null) {
            return "null";
        }
        int n = Math.min(message.length(), MAX_MESSAGE_CHARS);
        int i = 0;
        while (i < n && !control(message.charAt(i))) {
            i++;
        }
        if (i == n && message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        StringBuilder out = new StringBuilder(n + 32).append(message, 0, i);
        for (; i < n; i++) {
            char c = message.charAt(i);
            if (!control(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (message.length() > n) {
            out.append("… (").append(message.length() - n).append(" more characters)");
        }
        return out.toString();
    }

    private static boolean control(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }

    private static final class FailureKind {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastReportNanos = new AtomicLong(System.nanoTime());
    }
}
