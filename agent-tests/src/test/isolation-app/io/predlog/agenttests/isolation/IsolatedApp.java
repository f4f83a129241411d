package io.predlog.agenttests.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;

import java.util.Map;
import java.util.TreeMap;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * An application that carries its own, older Jackson (2.12.7) and Byte Buddy (1.12.23). Compiled by
 * IsolationTest against those jars, never by the build, so that the suite's own Jackson is not involved.
 *
 * <p>Prints what its libraries do, predicts three times, and with the argument {@code probe} reports which
 * agent classes it can see.
 */
public final class IsolatedApp {

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> document = new TreeMap<>();
        document.put("model", "churn");
        document.put("weights", new double[] {0.5, 1.25});
        System.out.println("jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION
                + " from " + jarOf(ObjectMapper.class) + ": " + mapper.writeValueAsString(document));

        Class<?> generated = new ByteBuddy()
                .subclass(Object.class)
                .name("io.predlog.agenttests.isolation.Generated")
                .method(named("toString")).intercept(FixedValue.value("made by the app's own Byte Buddy"))
                .make()
                .load(IsolatedApp.class.getClassLoader())
                .getLoaded();
        System.out.println("byte-buddy from " + jarOf(ByteBuddy.class) + ": "
                + generated.getDeclaredConstructor().newInstance());

        Scorer scorer = new Scorer();
        for (int i = 0; i < 3; i++) {
            System.out.println("predict " + i + " -> " + scorer.predict(Map.of("x", (double) i)));
        }

        if (args.length > 0 && args[0].equals("probe")) {
            for (String name : new String[] {
                    "io.predlog.agent.bootstrap.PredlogBridge",
                    "io.predlog.agent.PredlogAgent",
                    "io.predlog.agent.record.Recorder",
                    "io.predlog.shaded.jackson.core.JsonFactory",
                    "io.predlog.shaded.bytebuddy.ByteBuddy"}) {
                System.out.println("probe " + name + ": " + visibility(name));
            }
            bridgeOrigin();
        }
    }

    /**
     * Where the agent's bridge comes from, when it is there: defined straight into the bootstrap loader, its class
     * file is on no search path; the fallback that appends the agent jar to the bootstrap search path puts it there.
     */
    private static void bridgeOrigin() {
        try {
            Class<?> bridge = Class.forName("io.predlog.agent.bootstrap.PredlogBridge", false,
                    IsolatedApp.class.getClassLoader());
            boolean onSearchPath = ClassLoader.getPlatformClassLoader()
                    .getResource("io/predlog/agent/bootstrap/PredlogBridge.class") != null;
            System.out.println("probe bridge: defined by " + (bridge.getClassLoader() == null ? "bootstrap"
                    : bridge.getClassLoader().getName()) + ", class file on its search path: " + onSearchPath);
        } catch (ClassNotFoundException withoutTheAgent) {
            // nothing to report
        }
    }

    private static String visibility(String name) {
        try {
            Class.forName(name, false, IsolatedApp.class.getClassLoader());
            return "visible";
        } catch (ClassNotFoundException e) {
            return "ClassNotFoundException";
        }
    }

    private static String jarOf(Class<?> type) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The app's model. */
    public static final class Scorer {
        public double predict(Map<String, Double> features) {
            return features.getOrDefault("x", 0.0) * 2;
        }
    }
}
