package io.predlog.benchmarks.wholeprocess;

import java.util.List;
import java.util.Map;

/** The whole-process cases: what each runs, how much of it, and how each agent is pointed at its predict method. */
final class Cases {

    /** How a case's JVM is run and measured. */
    enum Kind { LOOP, PACED, THREADS, HTTP, STARTUP, SPRING }

    /**
     * One case.
     *
     * @param name          its name on the command line and in the table
     * @param kind          how it runs
     * @param args          the workload main's arguments (calls or milliseconds)
     * @param predlogTarget the predlog target pattern of its predict method
     * @param otelMethods   the same method for {@code otel.instrumentation.methods.include}
     * @param predlogKeys   predlog settings besides the defaults (file sink into the run's directory)
     * @param otelOptions   OpenTelemetry settings besides the methods and exporters
     */
    record Case(String name, Kind kind, List<String> args, String predlogTarget, String otelMethods,
                Map<String, String> predlogKeys, List<String> otelOptions) {
    }

    static final String FEATURE_MODEL = "io.predlog.benchmarks.FeatureModel";
    static final String MODELS = "io.predlog.benchmarks.wholeprocess.Models$";
    /** XGBoost4J's own predict, for a user who names the library's method rather than the service's. */
    static final String BOOSTER = "ml.dmlc.xgboost4j.java.Booster";
    /** The Spring Boot test service's ranking model, named exactly (a class). */
    static final String SPRING_RANKER = "io.predlog.testapps.spring.LinearRanker";
    /** The sample service's predict and load methods, as its {@code agent.properties.example} names them. */
    static final String SAMPLE_METHODS = "io.predlog.sample.model.TabularModel[predict];"
            + "io.predlog.sample.model.VectorModel[predict];io.predlog.sample.model.ModelRegistry[load]";

    private Cases() {
    }

    /** Every case; {@code quick} shortens each to a smoke run. */
    static List<Case> all(boolean quick) {
        String map = FEATURE_MODEL + "#predict";
        String mapOtel = FEATURE_MODEL + "[predict]";
        String vector = MODELS + "Vector#predict";
        String vectorOtel = MODELS + "Vector[predict]";
        return List.of(
                loop("map18-typical", quick ? 50_000 : 200_000, quick ? 100_000 : 600_000, map, mapOtel),
                loop("map18-full", quick ? 50_000 : 200_000, quick ? 100_000 : 600_000, map, mapOtel),
                loop("map18-varied", quick ? 50_000 : 200_000, quick ? 100_000 : 600_000, map, mapOtel),
                loop("float384", quick ? 20_000 : 100_000, quick ? 50_000 : 300_000, vector, vectorOtel),
                loop("float1m", quick ? 20 : 100, quick ? 50 : 400, vector, vectorOtel),
                loop("throws", quick ? 20_000 : 100_000, quick ? 50_000 : 300_000, MODELS + "Failing#predict",
                        MODELS + "Failing[predict]"),
                new Case("sampled-1pct", Kind.LOOP, counts(quick ? 50_000 : 200_000, quick ? 100_000 : 600_000),
                        map, mapOtel, Map.of("predlog.sample.success", "0.01"),
                        List.of("-Dotel.traces.sampler=parentbased_traceidratio", "-Dotel.traces.sampler.arg=0.01")),
                loop("xgboost", quick ? 10_000 : 100_000, quick ? 20_000 : 100_000, MODELS + "Xgb#predict",
                        MODELS + "Xgb[predict]"),
                loop("xgboost-booster", quick ? 10_000 : 100_000, quick ? 20_000 : 100_000, BOOSTER + "#predict",
                        BOOSTER + "[predict]"),
                paced("idle", 0, quick),
                paced("paced-1k", 1_000, quick),
                paced("paced-200k", 200_000, quick),
                new Case("threads64", Kind.THREADS, List.of("64", quick ? "1000" : "2000", quick ? "2000" : "8000"),
                        MODELS + "Busy#predict", MODELS + "Busy[predict]", Map.of(), List.of()),
                new Case("threads64-sustained", Kind.THREADS, List.of("64", quick ? "1000" : "3000",
                        quick ? "10000" : "57000"), MODELS + "Busy#predict", MODELS + "Busy[predict]", Map.of(),
                        List.of()),
                new Case("http", Kind.HTTP, List.of("8", quick ? "2000" : "30000", quick ? "3000" : "10000"),
                        null, SAMPLE_METHODS, Map.of(), List.of()),
                new Case("startup", Kind.STARTUP, List.of(quick ? "1" : "2"), map, mapOtel, Map.of(), List.of()),
                new Case("startup-spring", Kind.SPRING, List.of(quick ? "1" : "2"), SPRING_RANKER + "#rank",
                        SPRING_RANKER + "[rank]", Map.of(), List.of()));
    }

    /** The named cases, in the order given; an unknown name is an error that lists the known ones. */
    static List<Case> named(List<Case> all, List<String> names) {
        return names.stream().map(name -> all.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown case '" + name + "'; known: "
                        + all.stream().map(Case::name).toList()))).toList();
    }

    private static Case loop(String name, int warmup, int calls, String target, String otelMethods) {
        return new Case(name, Kind.LOOP, counts(warmup, calls), target, otelMethods, Map.of(), List.of());
    }

    /** {@link PacedWorkload} at {@code rate} calls per second (0: none) on the 18-feature map. */
    private static Case paced(String name, int rate, boolean quick) {
        return new Case(name, Kind.PACED, List.of(String.valueOf(rate), quick ? "3000" : "10000",
                quick ? "5000" : "20000"), FEATURE_MODEL + "#predict", FEATURE_MODEL + "[predict]", Map.of(), List.of());
    }

    private static List<String> counts(int warmup, int calls) {
        return List.of(String.valueOf(warmup), String.valueOf(calls));
    }
}
