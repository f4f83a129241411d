package io.predlog.spark;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import io.predlog.cli.report.Detectors;
import io.predlog.cli.report.Report;
import io.predlog.cli.report.ReportWriter;

/**
 * {@code predlog report} as a Spark job: the command line's diagnosis, its detectors and queries run by Spark SQL
 * over event files on any file system Spark reads, or over a Kafka topic (docs/SPARK.md).
 *
 * <pre>
 * spark-submit predlog-spark.jar [--json] [--out FILE] [--events-parquet DIR] PATH...
 * spark-submit predlog-spark.jar [options] --kafka-bootstrap HOST:PORT --kafka-topic TOPIC [--kafka-option KEY=VALUE]...
 * </pre>
 *
 * Exits 0 whatever it finds, 2 on a usage error, 1 when nothing could be read.
 */
public final class SparkReport {

    static final String USAGE = """
            Usage: spark-submit predlog-spark.jar [--json] [--out FILE] [--events-parquet DIR] PATH...
                   spark-submit predlog-spark.jar [options] --kafka-bootstrap HOST:PORT --kafka-topic TOPIC [--kafka-option KEY=VALUE]...
            The diagnosis of predlog report over event files (*.jsonl, *.jsonl.gz at any depth under each PATH, on any
            file system Spark reads) or a Kafka topic the kafka sink writes to.
              --json                 the report as one JSON object (as predlog report --json)
              --out FILE             write the report to FILE (a local file of the driver) instead of standard output
              --events-parquet DIR   also write the events view as Parquet to DIR (any path Spark writes)
              --kafka-bootstrap S    read the topic from the brokers S (the Kafka source's kafka.bootstrap.servers)
              --kafka-topic T        the topic (predlog.kafka.topic)
              --kafka-option K=V     another option of Spark's Kafka source (kafka.security.protocol=SSL, ...)
              --verbose              keep Spark's INFO log (the job sets it to WARN)
            """;

    /** The parsed command line. */
    record Options(boolean json, String out, String eventsParquet, List<String> paths, Map<String, String> kafka,
                   boolean verbose) {

        static Options parse(String[] args) {
            boolean json = false;
            boolean verbose = false;
            String out = null;
            String parquet = null;
            List<String> paths = new ArrayList<>();
            Map<String, String> kafka = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json" -> json = true;
                    case "--verbose" -> verbose = true;
                    case "--out" -> out = value(args, ++i, a);
                    case "--events-parquet" -> parquet = value(args, ++i, a);
                    case "--kafka-bootstrap" -> kafka.put("kafka.bootstrap.servers", value(args, ++i, a));
                    case "--kafka-topic" -> kafka.put("subscribe", value(args, ++i, a));
                    case "--kafka-option" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--kafka-option wants KEY=VALUE, not '" + kv + "'");
                        }
                        kafka.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        paths.add(a);
                    }
                }
            }
            if (!kafka.isEmpty()) {
                if (!kafka.containsKey("kafka.bootstrap.servers") || !kafka.containsKey("subscribe")) {
                    throw new IllegalArgumentException("a Kafka source needs both --kafka-bootstrap and --kafka-topic");
                }
                if (!paths.isEmpty()) {
                    throw new IllegalArgumentException("read either paths or a Kafka topic, not both: " + paths);
                }
            } else if (paths.isEmpty()) {
                throw new IllegalArgumentException("no PATH and no Kafka topic to read");
            }
            return new Options(json, out, parquet, paths, kafka, verbose);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " wants a value");
            }
            return args[i];
        }
    }

    private SparkReport() {
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("predlog-spark: " + e.getMessage());
            err.print(USAGE);
            err.flush();
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("predlog report");
        if (System.getProperty("spark.master") == null) {
            // run without spark-submit: this machine's cores
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        if (!options.verbose()) {
            spark.sparkContext().setLogLevel("WARN");
        }
        int code;
        try {
            code = run(spark, options, err);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** Runs the report with {@code options} on {@code spark}; returns the exit code. */
    static int run(SparkSession spark, Options options, PrintWriter err) {
        configure(spark);
        try {
            boolean kafka = !options.kafka().isEmpty();
            Dataset<Row> typed;
            String source;
            if (kafka) {
                typed = PredlogEvents.readKafka(spark, options.kafka());
                source = "topic " + options.kafka().get("subscribe");
            } else {
                List<String> files = PredlogEvents.files(spark, options.paths());
                typed = PredlogEvents.read(spark, files);
                source = files.size() + " file" + (files.size() == 1 ? "" : "s") + " under " + String.join(", ", options.paths());
            }
            if (options.eventsParquet() != null) {
                PredlogEvents.view(typed, kafka).write().mode("overwrite").parquet(options.eventsParquet());
                err.println("predlog-spark: the events view written to " + options.eventsParquet());
            }
            // what the report reads is kept once, without the text of the predictions (as the command line's report
            // loads them): their fields are in the columns, and the text is most of the bytes
            Dataset<Row> kept = PredlogEvents.withoutPredictionText(typed).persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> events = PredlogEvents.view(kept, kafka);
            events.createOrReplaceTempView("events");
            long unreadable = kept.filter(PredlogEvents.UNREADABLE).count();
            long count = events.count();
            err.println("predlog-spark: " + count + " events from " + source
                    + (unreadable > 0 ? "; " + unreadable + " lines that are not events left out" : ""));
            if (count == 0) {
                err.println("predlog-spark: nothing to report on: no events in " + source);
                return 1;
            }
            Report report = Report.of(new SparkEngine(spark), kafka ? List.of() : localPaths(options.paths()), Detectors.ALL);
            write(report, options);
            kept.unpersist();
            return 0;
        } catch (IOException e) {
            err.println("predlog-spark: " + e.getMessage());
            return 1;
        } catch (java.sql.SQLException e) {
            err.println("predlog-spark: the report failed: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // Spark's own failures (a file that cannot be read, a broker that cannot be reached): named, not a trace
            err.println("predlog-spark: reading the events failed: " + e);
            return 1;
        }
    }

    /** What the report's queries need of the session: DuckDB's NULL semantics, UTC, and partial JSON records. */
    static void configure(SparkSession spark) {
        spark.conf().set("spark.sql.ansi.enabled", "false");
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        spark.conf().set("spark.sql.json.enablePartialResults", "true");
    }

    private static void write(Report report, Options options) throws IOException {
        if (options.out() == null) {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
            print(report, options.json(), out);
            return;
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(options.out()), StandardCharsets.UTF_8))) {
            print(report, options.json(), out);
        }
    }

    private static void print(Report report, boolean json, PrintWriter out) {
        if (json) {
            ReportWriter.json(report, out);
        } else {
            ReportWriter.text(report, out);
        }
    }

    /** The paths on the driver's own file system, where the report also looks for in-flight files. */
    static List<Path> localPaths(List<String> paths) {
        List<Path> local = new ArrayList<>();
        for (String p : paths) {
            if (p.startsWith("file:")) {
                local.add(Path.of(URI.create(p)));
            } else if (!p.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                local.add(Path.of(p));
            }
        }
        return local;
    }
}
