package io.predlog.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import io.predlog.cli.query.BadSettingException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How failures become messages on standard error and exit codes: a usage error, or a setting from the environment
 * that cannot be used, names what was wrong and what to type instead (exit 2); nothing readable says why and where to look instead (exit 1); a file that could not
 * be read or written is named with the reason (exit 1); anything else is reported as a fault to report (exit 1).
 */
final class Failures {

    private Failures() {
    }

    static int exitCode(Throwable t) {
        return t instanceof ParameterException || t instanceof UsageException || t instanceof BadSettingException
                ? Main.USAGE : Main.NOTHING_READ;
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

    /** What went wrong with which file, in words: {@code /data/x.json: permission denied}. */
    static String fileProblem(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException x) {
            return x.getFile() + ": already exists";
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
        }
        return "reading or writing a file failed: " + e;
    }

    static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UsageException u) {
            err.println("predlog " + cmd.getCommandName() + ": " + u.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
            err.flush();
            return Main.USAGE;
        }
        if (e instanceof BadSettingException b) {
            err.println("predlog " + cmd.getCommandName() + ": " + b.getMessage());
            err.flush();
            return Main.USAGE;
        }
        if (e instanceof io.predlog.cli.attach.AttachFailedException a) {
            err.println("predlog " + cmd.getCommandName() + ": " + a.getMessage());
            err.flush();
            return Main.NOTHING_READ;
        }
        if (e instanceof NothingReadException n) {
            err.println("predlog " + cmd.getCommandName() + ": " + n.getMessage());
            err.flush();
            return Main.NOTHING_READ;
        }
        if (e instanceof IOException io) {
            err.println("predlog " + cmd.getCommandName() + ": " + fileProblem(io)
                    + "; check that the path exists and that predlog may read and write there");
        } else {
            err.println("predlog " + cmd.getCommandName() + ": failed: " + e);
            err.println("This is not a mistake in the command line: if it happens again, report it with the command "
                    + "and 'predlog --version'.");
        }
        err.flush();
        return Main.NOTHING_READ;
    }
}
