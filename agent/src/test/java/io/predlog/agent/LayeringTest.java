package io.predlog.agent;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package table of docs/ARCHITECTURE.md ("The flow, one way") is the rule: each package of the agent may
 * import only the packages its row names. The table is read from the document itself, so the document and the
 * code cannot drift apart: an import against the flow fails this test, and so does a package the table omits.
 */
class LayeringTest {

    private static final String ROOT = "io.predlog.agent";
    private static final Path ARCHITECTURE = Path.of("..", "docs", "ARCHITECTURE.md");
    /** A table row: {@code | `package` | what it owns | may import |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z]+)`\\s*\\|.*\\|\\s*([^|]*)\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("\\b([a-z]+)\\b");

    private static Map<String, Set<String>> allowed;
    private static JavaClasses classes;

    @BeforeAll
    static void readTheTableAndTheClasses() throws IOException {
        allowed = table(Files.readAllLines(ARCHITECTURE));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /** Package → the packages it may import, from the rows of the first table whose header has "may import". */
    static Map<String, Set<String>> table(List<String> lines) {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith("| package |") && line.contains("may import")) {
                inTable = true;
                continue;
            }
            if (!inTable) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue; // the header's rule line
            }
            // parentheses name classes of a package, not packages; "JDK only" names none of the agent's
            String mayImport = row.group(2).replaceAll("\\([^)]*\\)", "").replace("JDK only", "");
            Set<String> packages = new LinkedHashSet<>();
            Matcher name = NAME.matcher(mayImport);
            while (name.find()) {
                packages.add(name.group(1));
            }
            rows.put(row.group(1), packages);
        }
        return rows;
    }

    @Test
    void everyPackageOfTheAgentHasARowInTheTable() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass type : classes) {
            String first = firstPackage(type.getPackageName());
            if (first != null) {
                packages.add(first);
            }
        }
        Set<String> missing = new TreeSet<>(packages);
        missing.removeAll(allowed.keySet());
        assertTrue(missing.isEmpty(), "packages without a row in docs/ARCHITECTURE.md: " + missing);
        Set<String> stale = new TreeSet<>(allowed.keySet());
        stale.removeAll(packages);
        assertTrue(stale.isEmpty(), "rows of docs/ARCHITECTURE.md naming no package of the agent: " + stale);
    }

    @Test
    void noPackageImportsAgainstTheFlow() {
        List<String> violations = new ArrayList<>();
        for (JavaClass type : classes) {
            String from = firstPackage(type.getPackageName());
            if (from == null || !allowed.containsKey(from)) {
                continue; // the wiring classes at the root see every package
            }
            Set<String> reported = new LinkedHashSet<>();
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = firstPackage(dependency.getTargetClass().getPackageName());
                if (to != null && !to.equals(from) && !allowed.get(from).contains(to) && reported.add(to)) {
                    violations.add(type.getName() + " → " + to + " (" + dependency.getDescription() + ")");
                }
            }
        }
        assertEquals(List.of(), violations, "imports against the flow of docs/ARCHITECTURE.md");
    }

    @Test
    void theTableIsReadAsWritten() {
        Map<String, Set<String>> parsed = table(List.of(
                "| package | owns | may import |",
                "|---|---|---|",
                "| `sink` | the sinks | event, diagnostics |",
                "| `sampling` | sampling | config, pipeline (`UpstreamCounts`) |",
                "| `config` | settings | JDK only |",
                "",
                "| `later` | not part of the table | sink |"));
        assertEquals(Map.of("sink", Set.of("event", "diagnostics"), "sampling", Set.of("config", "pipeline"),
                "config", Set.of()), parsed);
    }

    /** {@code io.predlog.agent.sink.file} → {@code sink}; the root package and other roots → null. */
    private static String firstPackage(String packageName) {
        if (!packageName.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
