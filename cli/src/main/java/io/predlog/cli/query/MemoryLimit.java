package io.predlog.cli.query;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much memory DuckDB may hold before it spills to the store's scratch directory: {@code PREDLOG_CLI_MEMORY}
 * (a size such as {@code 8GB} or {@code 512MiB}), else half of the machine's physical memory. DuckDB's own default,
 * 80 %, plus the JVM's heap can take a whole machine, and the command often runs on the host of the service whose
 * logs it reads.
 */
public final class MemoryLimit {

    /** The environment variable that sets the limit. */
    public static final String VARIABLE = "PREDLOG_CLI_MEMORY";
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,12}(?:\\.\\d{1,3})?)\\s*([KMGT]i?B)\\s*",
            Pattern.CASE_INSENSITIVE);

    private MemoryLimit() {
    }

    /**
     * The limit as DuckDB's {@code memory_limit} reads it, from {@code value} (the variable's value, or null when
     * it is not set) and the machine's physical memory in bytes (0 when unknown: then DuckDB's default, null).
     *
     * @throws IllegalArgumentException when {@code value} is not a size, naming the variable and what to give
     */
    static String of(String value, long physicalBytes) {
        if (value != null && !value.isBlank()) {
            Matcher m = SIZE.matcher(value);
            if (!m.matches()) {
                throw new IllegalArgumentException(VARIABLE + "='" + printable(value) + "' is not a memory size: give a "
                        + "number and a unit, such as 8GB or 512MiB (or unset it: half the machine's memory)");
            }
            return m.group(1) + m.group(2).toUpperCase(Locale.ROOT).replace("IB", "iB");
        }
        if (physicalBytes <= 0) {
            return null;
        }
        return Math.max(256, physicalBytes / 2 / (1024 * 1024)) + "MiB";
    }

    /** The limit for this process: {@link #VARIABLE} from the environment, or half of the physical memory. */
    static String current() {
        long physical = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return of(System.getenv(VARIABLE), physical);
    }

    private static String printable(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
