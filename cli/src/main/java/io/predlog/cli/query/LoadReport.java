package io.predlog.cli.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What loading event files came to: how much was read, what was kept, and what could not be read.
 *
 * @param files       files opened and read (to their end or to a cut)
 * @param lines       non-empty lines read
 * @param events      lines that were events (a JSON object with an {@code event} field), before the filter
 * @param kept        events the filter kept: the rows of the {@code events} view
 * @param skipped     per file, lines that were not events (torn, corrupt, not JSON)
 * @param cutShort    per file, why it could be read only in part
 * @param unreadable  per path, why nothing of it could be read
 */
public record LoadReport(int files, long lines, long events, long kept, Map<Path, Long> skipped,
                         Map<Path, String> cutShort, Map<Path, String> unreadable) {

    public LoadReport {
        skipped = Map.copyOf(skipped);
        cutShort = Map.copyOf(cutShort);
        unreadable = Map.copyOf(unreadable);
    }

    /** Whether no event at all could be read (before filtering): the command has nothing to work on. */
    public boolean nothingRead() {
        return events == 0;
    }

    /** One line per kind of trouble, for standard error; empty when everything was read. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (!skipped.isEmpty()) {
            long total = skipped.values().stream().mapToLong(Long::longValue).sum();
            out.add("skipped " + total + " unreadable line" + (total == 1 ? "" : "s") + " in " + skipped.size()
                    + " file" + (skipped.size() == 1 ? "" : "s") + ": " + skipped.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", ")));
        }
        cutShort.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add("read only part of " + e.getKey() + ": " + e.getValue()));
        unreadable.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add("could not read " + e.getKey() + ": " + e.getValue()));
        return out;
    }

    /** Why nothing could be read, for standard error when {@link #nothingRead()}. */
    public String nothingReadReason() {
        if (files == 0) {
            return "no event files (*.jsonl, *.jsonl.gz) found"
                    + (unreadable.isEmpty() ? "" : " (" + unreadable.size() + " path(s) unreadable)");
        }
        return "no events in " + files + " file" + (files == 1 ? "" : "s") + " (" + lines + " lines read)";
    }
}
