package io.predlog.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.predlog.cli.query.EventColumn;
import io.predlog.cli.query.EventsView;
import io.predlog.cli.query.InputFiles;

/**
 * The {@code events} view of docs/CLI.md on Spark: the same columns, typed alike, from event files on any file
 * system Spark reads (local, HDFS, S3) or from a Kafka topic the {@code kafka} sink writes to.
 *
 * <p>Two columns differ from the command line's: {@code line} is NULL (Spark reads a file in splits), and
 * {@code raw} is the event's text (a STRING: read it with {@code get_json_object(raw, '$.window_start')}).
 * A line that is not a JSON object is left out; {@link #read} counts them in the column {@link #UNREADABLE} of
 * its result, which the view built by {@link #view} filters out.
 */
public final class PredlogEvents {

    /** The column that marks a line that is not an event. */
    public static final String UNREADABLE = "predlog_unreadable";

    private PredlogEvents() {
    }

    /**
     * The event files named by {@code paths}: a file is read whatever its name; a directory contributes every
     * {@code *.jsonl} and {@code *.jsonl.gz} below it, at any depth. A path that does not exist is an error naming it.
     */
    public static List<String> files(SparkSession spark, List<String> paths) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> files = new ArrayList<>();
        for (String p : paths) {
            Path path = new Path(p);
            FileSystem fs = FileSystem.get(URI.create(p), conf);
            if (!fs.exists(path)) {
                throw new IOException("no such file or directory: " + p);
            }
            FileStatus status = fs.getFileStatus(path);
            if (!status.isDirectory()) {
                files.add(status.getPath().toString());
                continue;
            }
            List<String> found = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                if (f.isFile() && InputFiles.isEventFile(f.getPath().getName())) {
                    found.add(f.getPath().toString());
                }
            }
            found.sort(null);
            files.addAll(found);
        }
        return files.stream().distinct().toList();
    }

    /** The typed events of the event files {@code files} ({@link #files}), with the {@link #UNREADABLE} mark. */
    public static Dataset<Row> read(SparkSession spark, List<String> files) {
        if (files.isEmpty()) {
            return typed(spark.emptyDataFrame().selectExpr("CAST(NULL AS STRING) AS value", "CAST(NULL AS STRING) AS file"));
        }
        Dataset<Row> lines = spark.read().text(files.toArray(String[]::new))
                .select(col("value"), col("_metadata.file_path").as("file"));
        return typed(lines);
    }

    /**
     * The typed events of a Kafka topic ({@code options}: the Kafka source's, such as
     * {@code kafka.bootstrap.servers} and {@code subscribe}; read from the earliest to the latest offset unless they
     * say otherwise), with the {@link #UNREADABLE} mark. {@code file} is {@code kafka:<topic>/<partition>}. The
     * topic is delivered at least once: {@link #view} keeps one row per {@code event_id}.
     */
    public static Dataset<Row> readKafka(SparkSession spark, Map<String, String> options) {
        Dataset<Row> records = spark.read().format("kafka").option("startingOffsets", "earliest")
                .option("endingOffsets", "latest").options(options).load();
        return typed(records.select(expr("CAST(value AS STRING) AS value"),
                expr("'kafka:' || topic || '/' || partition AS file")));
    }

    /**
     * The typed events of {@code lines}: a STRING column {@code value} holding one event's JSON each and a STRING
     * column {@code file} naming where it came from.
     */
    public static Dataset<Row> typed(Dataset<Row> lines) {
        String schema = EventsView.COLUMNS.stream().filter(c -> c.source() != EventColumn.Source.ORIGIN)
                .map(c -> "`" + c.name() + "` " + SparkTypes.of(c.type()))
                .collect(Collectors.joining(", "));
        Dataset<Row> parsed = lines.filter("trim(value) <> ''")
                .select(col("value"), col("file"), org.apache.spark.sql.functions.from_json(col("value"), schema,
                        Map.of("mode", "PERMISSIVE")).as("j"));
        List<Column> columns = new ArrayList<>();
        for (EventColumn c : EventsView.COLUMNS) {
            columns.add(switch (c.source()) {
                case FIELD -> col("j.`" + c.name() + "`").as(c.name());
                case FLAG -> expr("coalesce(j.`" + c.name() + "`, false)").as(c.name());
                case ORIGIN -> switch (c.name()) {
                    case "file" -> col("file");
                    case "line" -> expr("CAST(NULL AS BIGINT)").as("line");
                    default -> col("value").as(c.name());
                };
            });
        }
        // from_json gives a struct of NULLs for text that is not a JSON object: such a line has no event name
        columns.add(expr("j IS NULL OR j.event IS NULL").as(UNREADABLE));
        return parsed.select(columns.toArray(Column[]::new));
    }

    /**
     * {@code typed} with {@code raw} NULL for the prediction events ({@code prediction_success},
     * {@code prediction_failure}), as the command line's report reads them: the report reads their fields, never their
     * text, which is most of the bytes of a log.
     */
    public static Dataset<Row> withoutPredictionText(Dataset<Row> typed) {
        return typed.withColumn("raw", expr("CASE WHEN event IN ('prediction_success', 'prediction_failure') THEN NULL "
                + "ELSE raw END"));
    }

    /**
     * The {@code events} view of {@code typed} ({@link #read}, {@link #readKafka}): the readable events, one per
     * {@code event_id} when {@code once} (a source delivered at least once), without the {@link #UNREADABLE} mark.
     */
    public static Dataset<Row> view(Dataset<Row> typed, boolean once) {
        Dataset<Row> events = typed.filter("NOT " + UNREADABLE).drop(UNREADABLE);
        if (!once) {
            return events;
        }
        // events without an id are kept as they are: NULL ids are not one event
        return events.filter("event_id IS NOT NULL").dropDuplicates("event_id").unionByName(events.filter("event_id IS NULL"));
    }
}
