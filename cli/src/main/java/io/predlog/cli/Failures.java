package io.predlog.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How failures become messages on standard error and exit codes: a usage error names what was wrong and what
 * to type instead (exit 2); nothing readable says why (exit 1); anything else is reported in one line (exit 1).
 */
final class Failures {

    private Failures() {
    }

    static int exitCode(Throwable t) {
        return t instanceof ParameterException || t instanceof UsageException ? Main.USAGE : Main.NOTHING_READ;
    }

    static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("predlog: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println(cmd.getHelp().fullSynopsis().stripTrailing());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
        err.flush();
        return Main.USAGE;
    }

    static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UsageException u) {
            err.println("predlog " + cmd.getCommandName() + ": " + u.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
            err.flush();
            return Main.USAGE;
        }
        if (e instanceof NothingReadException n) {
            err.println("predlog " + cmd.getCommandName() + ": " + n.getMessage());
            err.flush();
            return Main.NOTHING_READ;
        }
        err.println("predlog " + cmd.getCommandName() + ": " + e);
        err.flush();
        return Main.NOTHING_READ;
    }
}
