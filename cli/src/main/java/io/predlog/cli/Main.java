package io.predlog.cli;

import java.io.PrintWriter;
import java.util.List;

import io.predlog.cli.attach.AttachCommand;
import io.predlog.cli.baseline.BaselineCommand;
import io.predlog.cli.command.FindCommand;
import io.predlog.cli.compare.CompareCommand;
import io.predlog.cli.command.SqlCommand;
import io.predlog.cli.command.TailCommand;
import io.predlog.cli.command.TraceCommand;
import io.predlog.cli.doctor.DoctorCommand;
import io.predlog.cli.inflight.InflightCommand;
import io.predlog.cli.report.ReportCommand;
import io.predlog.cli.dashboard.DashboardCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code predlog} command: parses the command line, runs one subcommand, and turns its outcome into the
 * exit code of docs/CLI.md (0 success whatever the findings, 2 usage error, 1 nothing could be read).
 */
@Command(name = "predlog", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Answers from predlog's event files (*.jsonl, *.jsonl.gz).", "Without PATH, a subcommand reads the directory predlog-logs. Reference: docs/CLI.md."},
        subcommands = {SqlCommand.class, TraceCommand.class, FindCommand.class, TailCommand.class,
                CompareCommand.class, ReportCommand.class, DashboardCommand.class, InflightCommand.class, BaselineCommand.class, DoctorCommand.class,
                AttachCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code: the command ran. */
    public static final int OK = 0;
    /** Exit code: nothing could be read. */
    public static final int NOTHING_READ = 1;
    /** Exit code: the command line was wrong. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line {@code args}, writing results to {@code out} and messages to {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = commandLine();
        line.setOut(out);
        line.setErr(err);
        return line.execute(args);
    }

    /** The command tree with its exception handlers. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Main());
        line.setExitCodeExceptionMapper(Failures::exitCode);
        line.setParameterExceptionHandler(Failures::usageError);
        line.setExecutionExceptionHandler(Failures::executionError);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        return line;
    }

    @Override
    public void run() {
        List<String> names = spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList();
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is missing: type predlog <subcommand> "
                + "[options] [PATH...], e.g. predlog report predlog-logs; the subcommands: " + String.join(", ", names));
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"predlog " + (v == null ? "(development build)" : v)};
        }
    }
}
