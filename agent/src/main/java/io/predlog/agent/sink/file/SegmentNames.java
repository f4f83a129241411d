package io.predlog.agent.sink.file;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Names and places of predlog's files, and the test that tells them from anything else in the directory.
 *
 * <p>A file is {@code <dir>/yyyy/MM/dd/HH/predlog-<service>-<yyyyMMdd-HHmmss>-<pid>-<seq>.jsonl}: the hour
 * directory is the UTC hour in which the file was opened, the stamp is when the writing sink started (UTC), the
 * sequence counts the files of that sink. Process id plus start stamp keep the JVMs sharing a directory apart;
 * the file is created exclusively, so even two JVMs with the same pid and stamp (pid 1 in two containers) never
 * share one: the second takes the next sequence number. Compressed, it is the same name plus {@code .gz}.
 * The single-file names of earlier versions ({@code predlog-<service>-<stamp>-<pid>.jsonl} directly in
 * {@code <dir>}) are recognised too, so retention covers them.
 */
final class SegmentNames {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_DIR =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final String BASE = "predlog-[A-Za-z0-9._-]+-\\d{8}-\\d{6}-\\d+(?:-\\d+)?\\.jsonl";
    private static final Pattern SEGMENT = Pattern.compile(BASE + "(?:\\.gz)?");
    private static final Pattern TEMPORARY = Pattern.compile(BASE + "\\.gz\\.tmp-\\d+");

    /** How deep below the root predlog's files lie ({@code yyyy/MM/dd/HH/file}). */
    static final int DEPTH = 5;
    static final String GZ = ".gz";

    private final String prefix;

    /** Names for the files of one sink: service (reduced to {@code [A-Za-z0-9._-]}), pid and start time. */
    SegmentNames(String service, long pid, Instant started) {
        this.prefix = "predlog-" + sanitize(service) + "-" + STAMP.format(started) + "-" + pid + "-";
    }

    /** The file name of the sink's {@code seq}-th file. */
    String segment(long seq) {
        String n = Long.toString(seq);
        return prefix + "0000".substring(Math.min(4, n.length())) + n + ".jsonl";
    }

    /** {@code root/yyyy/MM/dd/HH} for the UTC hour of {@code time}. */
    static Path hourDir(Path root, Instant time) {
        return root.resolve(HOUR_DIR.format(time));
    }

    /** Whether a file name is one of predlog's event files, compressed or not. */
    static boolean isSegment(String fileName) {
        return fileName.startsWith("predlog-") && SEGMENT.matcher(fileName).matches();
    }

    static boolean isCompressed(String fileName) {
        return fileName.endsWith(GZ);
    }

    /** Whether a file name is a compression in progress (or abandoned by a crash). */
    static boolean isTemporary(String fileName) {
        return fileName.startsWith("predlog-") && TEMPORARY.matcher(fileName).matches();
    }

    /** Whether a directory name is part of the hourly layout (all digits), so an empty one may be removed. */
    static boolean isLayoutDir(String name) {
        if (name.isEmpty() || name.length() > 4) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String sanitize(String service) {
        if (service == null || service.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(service.length(), 100));
        for (int i = 0; i < service.length() && out.length() < 100; i++) {
            char c = service.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            out.append(ok ? c : '_');
        }
        return out.toString();
    }
}
