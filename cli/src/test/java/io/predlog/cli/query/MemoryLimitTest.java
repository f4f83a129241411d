package io.predlog.cli.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

class MemoryLimitTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void withoutTheVariableItIsHalfThePhysicalMemory() {
        assertEquals(12 * 1024 + "MiB", MemoryLimit.of(null, 24 * GIB));
        assertEquals(12 * 1024 + "MiB", MemoryLimit.of("  ", 24 * GIB));
        assertEquals("256MiB", MemoryLimit.of(null, 100L * 1024 * 1024));
        assertNull(MemoryLimit.of(null, 0));
    }

    @Test
    void theVariableGivesTheSizeInTheUnitsDuckDbReads() throws Exception {
        List<String> given = List.of("8GB", "8gb", "512MiB", " 1.5 GiB ", "900KB", "1TB");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String value : given) {
                String limit = MemoryLimit.of(value, 24 * GIB);
                s.execute("SET memory_limit = '" + limit + "'");
                try (ResultSet r = s.executeQuery("SELECT current_setting('memory_limit')")) {
                    r.next();
                    assertTrue(!r.getString(1).isBlank(), value + " -> " + limit);
                }
            }
        }
        assertEquals("512MiB", MemoryLimit.of("512mib", 24 * GIB));
        assertEquals("1.5GiB", MemoryLimit.of(" 1.5 GiB ", 24 * GIB));
    }

    @Test
    void aValueThatIsNotASizeIsRefusedNamingTheVariable() {
        for (String bad : List.of("8", "lots", "-1GB", "8 PB", "12GBytes", "1e9B", "8GB\u001b[2J")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryLimit.of(bad, 24 * GIB), bad);
            assertTrue(e.getMessage().startsWith("PREDLOG_CLI_MEMORY='"), e.getMessage());
            assertTrue(e.getMessage().contains("such as 8GB or 512MiB"), e.getMessage());
            assertTrue(!e.getMessage().contains("\u001b"), e.getMessage());
        }
    }

    @Test
    void aStoreHoldsDuckDbToTheLimit() throws Exception {
        try (EventStore store = EventStore.open(EventFilter.ALL);
             Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT current_setting('memory_limit')")) {
            r.next();
            String expected = MemoryLimit.current();
            // DuckDB shows the limit in its own units, rounded: both sides in MiB agree within 1 %
            assertEquals(mib(expected), mib(r.getString(1)), mib(expected) * 0.01, r.getString(1) + " against " + expected);
        }
    }

    private static double mib(String size) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d.]+)\\s*([KMGT]i?B)").matcher(size);
        assertTrue(m.find(), size);
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double base = unit.contains("i") ? 1024 : 1000;
        int power = "KMGT".indexOf(unit.charAt(0)) + 1;
        return n * Math.pow(base, power) / (1024.0 * 1024.0);
    }
}
