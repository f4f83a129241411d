package io.predlog.cli.doctor;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.predlog.agent.config.ConfigError;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.instrument.TargetMatching;
import io.predlog.agent.sink.SinkFactories;
import io.predlog.cli.NothingReadException;
import io.predlog.cli.UsageException;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code predlog doctor}: without running the application, what each target of a configuration matches on its
 * class path: the agent's own configuration loader validates the file (patterns, expressions, every key), and
 * the agent's own matcher ({@link TargetMatching}) decides, class by class, which methods it would instrument.
 * A target that matches nothing gets the nearest class and method names that exist.
 */
@Command(name = "doctor", description = "What each target of a configuration matches on a class path, without "
        + "running the application; the nearest names for a target that matches nothing.")
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The agent's properties file.")
    Path config;

    @Option(names = "--classpath", required = true, paramLabel = "CLASSPATH",
            description = "The application's jars and class directories, ':'-separated.")
    String classPath;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(config)) {
            throw new UsageException("--config " + config + ": no such file; give the agent's properties file, "
                    + "e.g. --config agent.properties");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigResult result = load(config);
        List<ConfigError> errors = result.errors();
        Set<String> dropped = new LinkedHashSet<>();
        for (int round = 0; round < 5 && result.config() == null && !result.errors().isEmpty(); round++) {
            result.errors().forEach(e -> dropped.add(e.key()));
            result = load(withoutKeys(config, dropped));
        }
        out.println("configuration " + config + ":");
        if (!result.enabled()) {
            out.println("  predlog.enabled=false: the agent would not start");
            out.flush();
            return 0;
        }
        if (errors.isEmpty()) {
            out.println("  valid: every key, pattern and expression parses");
        } else {
            out.println("  " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                    + ": the agent would report these and disable itself:");
            errors.forEach(e -> out.println("    " + Diagnostics.printable(e.describe())));
            out.println("  below, the rest of the configuration, without " + String.join(", ", dropped) + ":");
        }
        result.warnings().forEach(w -> out.println("  warning: " + Diagnostics.printable(w)));
        if (result.config() == null) {
            out.flush();
            return 0;
        }
        List<TargetSpec> targets = result.config().targets();
        try (ClassPathScan scan = new ClassPathScan(classPath)) {
            scan.unreadable().forEach((p, why) -> err.println("predlog: could not read class path entry " + p + ": " + why));
            err.flush();
            if (scan.classes().isEmpty()) {
                throw new NothingReadException("no classes found on the class path " + classPath + "; give the "
                        + "application's jars, wars and class directories, ':'-separated, e.g. --classpath app.jar:lib/dep.jar");
            }
            out.println("class path: " + scan.classes().size() + " classes");
            scan.archives().forEach((archive, read) -> out.println("  " + archive + ": " + read));
            report(targets, scan, out);
        }
        out.flush();
        return 0;
    }

    private static void report(List<TargetSpec> targets, ClassPathScan scan, PrintWriter out) {
        TargetMatching matching = new TargetMatching(targets);
        Map<Integer, List<String>> matched = new LinkedHashMap<>();
        Map<Integer, Set<String>> namedTypes = new LinkedHashMap<>();
        TypePool pool = scan.pool();
        for (String name : scan.classes().keySet()) { // first the code named classes inherit, as the agent finds it
            try {
                TypePool.Resolution resolution = pool.describe(name);
                if (resolution.isResolved()) {
                    matching.notice(resolution.resolve());
                }
            } catch (RuntimeException unresolvable) {
                // as below
            }
        }
        for (String name : scan.classes().keySet()) {
            TypeDescription type;
            try {
                TypePool.Resolution resolution = pool.describe(name);
                if (!resolution.isResolved()) {
                    continue;
                }
                type = resolution.resolve();
                for (int index : matching.targetsNaming(type)) {
                    namedTypes.computeIfAbsent(index, k -> new TreeSet<>()).add(name);
                }
                for (Map.Entry<Integer, List<MethodDescription.InDefinedShape>> e
                        : matching.instrumentedMethods(type, scan.declaresStaticInitialiser(name)).entrySet()) {
                    for (MethodDescription.InDefinedShape m : e.getValue()) {
                        matched.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(signature(type, m));
                    }
                }
            } catch (RuntimeException unresolvable) {
                // a class whose supertypes are not on the class path: the agent could not match it either
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            TargetSpec t = targets.get(i);
            out.println();
            out.println(t.key() + " = " + t.pattern().text());
            expression(out, "model_id", t.modelId());
            expression(out, "model_version", t.modelVersion());
            expression(out, "input", t.input());
            expression(out, "request_id", t.requestId());
            List<String> methods = matched.getOrDefault(i, List.of());
            if (!methods.isEmpty()) {
                out.println("  matches " + methods.size() + " method" + (methods.size() == 1 ? "" : "s") + ":");
                methods.forEach(m -> out.println("    " + m));
            } else {
                out.println("  MATCHES NOTHING on this class path");
                explain(t, namedTypes.getOrDefault(i, Set.of()), scan, out);
            }
        }
    }

    private static void explain(TargetSpec t, Set<String> named, ClassPathScan scan, PrintWriter out) {
        String classPattern = t.pattern().classPattern();
        if (named.isEmpty()) {
            out.println("  no class is named " + classPattern + " or extends or implements it");
            String plain = classPattern.replace("*", "");
            List<String> nearest = NearestNames.nearest(plain, scan.classes().keySet(), 5);
            if (nearest.isEmpty()) {
                String simple = plain.substring(plain.lastIndexOf('.') + 1);
                Map<String, String> bySimple = new LinkedHashMap<>();
                scan.classes().keySet().forEach(c -> bySimple.putIfAbsent(c.substring(c.lastIndexOf('.') + 1), c));
                nearest = NearestNames.nearest(simple, bySimple.keySet(), 5).stream().map(bySimple::get).toList();
            }
            if (!nearest.isEmpty()) {
                out.println("  nearest classes: " + String.join(", ", nearest));
            }
            return;
        }
        out.println("  classes it names: " + String.join(", ", named.stream().limit(5).toList())
                + (named.size() > 5 ? " (+" + (named.size() - 5) + ")" : ""));
        Set<String> methods = new TreeSet<>();
        for (String name : named) {
            TypeDescription type = scan.pool().describe(name).resolve();
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                if (!m.isTypeInitializer() && !m.isSynthetic()) {
                    methods.add(signature(type, m).substring(name.length() + 1));
                }
            }
        }
        String wanted = t.pattern().methodPattern();
        List<String> names = methods.stream().map(s -> s.substring(0, s.indexOf('('))).distinct().toList();
        List<String> near = new ArrayList<>();
        for (String n : NearestNames.nearest(wanted.replace("*", ""), names, 5)) {
            methods.stream().filter(s -> s.startsWith(n + "(")).forEach(near::add);
        }
        if (near.isEmpty()) {
            methods.stream().filter(s -> t.pattern().matchesMethodName(s.substring(0, s.indexOf('(')))).forEach(near::add);
        }
        out.println("  none of their concrete methods matches " + wanted
                + (t.pattern().parameterTypes() == null ? "" : "(" + String.join(",", t.pattern().parameterTypes()) + ")"));
        if (!near.isEmpty()) {
            out.println("  nearest methods: " + String.join(", ", near.stream().limit(8).toList()));
        }
    }

    private static void expression(PrintWriter out, String name, Object expression) {
        if (expression != null) {
            out.println("  " + name + " = " + expression + "  (parses)");
        }
    }

    private static String signature(TypeDescription type, MethodDescription m) {
        List<String> parameters = new ArrayList<>();
        m.getParameters().forEach(p -> parameters.add(typeName(p.getType().asErasure())));
        String name = m.isConstructor() ? "<init>" : m.isTypeInitializer() ? "<clinit>" : m.getName();
        return type.getName() + "#" + name + "(" + String.join(", ", parameters) + ")";
    }

    private static String typeName(TypeDescription type) {
        return type.isArray() ? typeName(type.getComponentType()) + "[]" : type.getName();
    }

    private static ConfigResult load(Path file) {
        // the sinks the agent jar knows, so a config naming one is judged as the agent judges it
        return ConfigLoader.load("config=" + file.toAbsolutePath(), new Properties(), Map.of(), null,
                SinkFactories.load().names());
    }

    /** A copy of the properties file without the keys that had errors (a target's key: with its sub-keys). */
    private static Path withoutKeys(Path file, Set<String> keys) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String name : p.stringPropertyNames()) {
            for (String key : keys) {
                if (name.equals(key) || name.startsWith(key + ".")) {
                    p.remove(name);
                }
            }
        }
        Path copy = Files.createTempFile("predlog-doctor", ".properties");
        copy.toFile().deleteOnExit();
        try (var w = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        return copy;
    }
}
