package io.predlog.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in this JVM and keeps its exit code and what it wrote. */
public final class CommandRunner {

    /**
     * One run's outcome.
     *
     * @param exit the exit code
     * @param out  standard output
     * @param err  standard error
     */
    public record Run(int exit, String out, String err) {
    }

    private CommandRunner() {
    }

    /** Runs {@code predlog args...}. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }
}
