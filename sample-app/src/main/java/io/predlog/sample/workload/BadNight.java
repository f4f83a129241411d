package io.predlog.sample.workload;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The requests of the demo's bad night (README, "The demo"): seven phases of seeded traffic in two acts,
 * the service dying between them, each phase planting one incident that the agent's events show. The
 * plan only; {@code io.predlog.sample.NightDriver} sends it. Thread-safe.
 *
 * <p>Each {@link Incident} can be left out: its phase then carries the routine traffic of a calm phase, so a
 * night with none of them is a clean night of the same service, with the same phases and seeded inputs.
 *
 * <table>
 * <caption>Phases</caption>
 * <tr><th>act</th><th>phase</th><th>what the traffic does</th></tr>
 * <tr><td>1</td><td>{@link Phase#CALM}</td><td>steady churn and embed-sim traffic; a partner sends some customers without a plan, which churn v1 takes (the partner sends them in every phase but one)</td></tr>
 * <tr><td>1</td><td>{@link Phase#LONG_LISTS}</td><td>a new client sends embed-sim sequences of 1,024 to 2,048 vectors on a few connections, beside the routine traffic: p99 latency about ten times worse, or more</td></tr>
 * <tr><td>1</td><td>{@link Phase#DRIFT}</td><td>{@code monthly_charges} arrives two standard deviations higher: drift on that feature</td></tr>
 * <tr><td>1</td><td>{@link Phase#HOSTILE}</td><td>opens with one customer with a tenure of three billion months: the heap runs out and the process dies</td></tr>
 * <tr><td>2</td><td>{@link Phase#NEW_VERSION}</td><td>opens with the load of churn v4; the partner is away, all inputs have a plan, all is well</td></tr>
 * <tr><td>2</td><td>{@link Phase#PARTNER_BATCH}</td><td>the partner's customers without a plan are back: churn v4 fails on each</td></tr>
 * <tr><td>2</td><td>{@link Phase#WEDGE}</td><td>opens with one customer with a blank country: the prediction workers wedge, requests time out</td></tr>
 * </table>
 */
public final class BadNight {
    /** The tenure of the hostile input, in months: the churn model's tenure curve has one entry per month. */
    public static final long HOSTILE_TENURE_MONTHS = 3_000_000_000L;
    /** How far {@code monthly_charges} moves in {@link Phase#DRIFT}: two standard deviations. */
    public static final double DRIFT_SHIFT = 2 * InputGenerator.MONTHLY_CHARGES_SD;
    /** The shortest embed-sim sequence of {@link Phase#LONG_LISTS}, in vectors of 64 values. */
    public static final int MIN_SEQUENCE_VECTORS = 1_024;
    /** The longest embed-sim sequence of {@link Phase#LONG_LISTS}, in vectors of 64 values. */
    public static final int MAX_SEQUENCE_VECTORS = 2_048;
    /** Connections of the new client of {@link Phase#LONG_LISTS}, each sending one sequence after the other. */
    public static final int NEW_CLIENT_CONNECTIONS = 3;

    /** One of the five incidents of the night, each planted in its own phase. */
    public enum Incident {
        /** Long embed-sim sequences in {@link Phase#LONG_LISTS}. */
        LATENCY(Phase.LONG_LISTS),
        /** churn v4 loaded at the start of {@link Phase#NEW_VERSION}; it fails on the partner's batch a phase later. */
        VERSION(Phase.NEW_VERSION),
        /** {@code monthly_charges} shifted in {@link Phase#DRIFT}. */
        DRIFT(Phase.DRIFT),
        /** The hostile input opening {@link Phase#HOSTILE}: the process dies. */
        CRASH(Phase.HOSTILE),
        /** The blank country opening {@link Phase#WEDGE}: the prediction workers wedge. */
        WEDGE(Phase.WEDGE);

        private final Phase phase;

        Incident(Phase phase) {
            this.phase = phase;
        }

        /** The phase the incident is planted in (it starts with that phase). */
        public Phase phase() {
            return phase;
        }

        /** The incident planted in {@code phase}, if one is. */
        public static Optional<Incident> in(Phase phase) {
            for (Incident i : values()) {
                if (i.phase == phase) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }

        /** The incident's name on a command line: {@code latency}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The incidents a command line names: {@code all}, {@code none}, or a comma list of labels
         * ({@code latency,crash}).
         *
         * @throws IllegalArgumentException naming the word that is not an incident, and the ones there are
         */
        public static Set<Incident> parse(String list) {
            String trimmed = list.trim();
            if (trimmed.equals("all")) {
                return EnumSet.allOf(Incident.class);
            }
            Set<Incident> out = EnumSet.noneOf(Incident.class);
            if (trimmed.equals("none")) {
                return out;
            }
            for (String word : trimmed.split(",", -1)) {
                Incident found = null;
                for (Incident i : values()) {
                    if (i.label().equals(word.trim())) {
                        found = i;
                    }
                }
                if (found == null) {
                    StringJoiner known = new StringJoiner(", ");
                    for (Incident i : values()) {
                        known.add(i.label());
                    }
                    throw new IllegalArgumentException("no incident named '" + word.trim() + "' in '" + list
                            + "': all, none, or a comma list of " + known);
                }
                out.add(found);
            }
            return out;
        }
    }

    /** One phase of the night, in order. */
    public enum Phase {
        CALM(1, "steady traffic; a partner sends customers without a plan (churn v1 takes them)"),
        LONG_LISTS(1, "a new client sends embed-sim sequences of 1,024-2,048 vectors"),
        DRIFT(1, "monthly_charges arrives 2 standard deviations higher"),
        HOSTILE(1, "one customer with a tenure of 3 billion months; the service runs out of memory"),
        NEW_VERSION(2, "churn v4 is loaded (plan required); the partner is away"),
        PARTNER_BATCH(2, "the partner's customers without a plan are back"),
        WEDGE(2, "one customer with a blank country; the prediction workers wedge");

        private final int act;
        private final String story;

        Phase(int act, String story) {
            this.act = act;
            this.story = story;
        }

        /** 1 before the crash, 2 after the restart. */
        public int act() {
            return act;
        }

        /** What happens in this phase, for the driver's output. */
        public String story() {
            return story;
        }

        /** The phase's name as the driver prints it: {@code long_lists}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One planned HTTP request.
     *
     * @param kind   what it is, for counting: {@code churn}, {@code churn_no_plan}, {@code vector_sequence}, ...
     * @param method {@code GET} or {@code POST}
     * @param path   the API path
     * @param body   the JSON body as a map, or null
     */
    public record Request(String kind, String method, String path, Map<String, Object> body) {
    }

    private final InputGenerator gen;
    private final Set<Incident> incidents;

    /** A night with all five incidents, whose routine requests follow {@code seed}. */
    public BadNight(long seed) {
        this(seed, EnumSet.allOf(Incident.class));
    }

    /** A night with only {@code incidents} planted (none: a clean night), whose routine requests follow {@code seed}. */
    public BadNight(long seed, Set<Incident> incidents) {
        this.gen = new InputGenerator(seed);
        this.incidents = incidents.isEmpty() ? EnumSet.noneOf(Incident.class) : EnumSet.copyOf(incidents);
    }

    /** The incidents this night plants. */
    public Set<Incident> incidents() {
        return Collections.unmodifiableSet(incidents);
    }

    /** Whether {@code phase} plants its incident in this night. */
    public boolean plants(Phase phase) {
        return Incident.in(phase).map(incidents::contains).orElse(false);
    }

    /** The request that opens a phase, sent once at its start: the incident's trigger, if it has one and it is planted. */
    public synchronized Optional<Request> opening(Phase phase) {
        if (!plants(phase)) {
            return Optional.empty();
        }
        switch (phase) {
            case HOSTILE: {
                Map<String, Object> customer = gen.customer();
                customer.put("tenure_months", HOSTILE_TENURE_MONTHS);
                return Optional.of(predict("churn_hostile", "churn", customer));
            }
            case NEW_VERSION: {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("model", "churn");
                body.put("version", "v4");
                return Optional.of(new Request("load_model", "POST", "/models/load", body));
            }
            case WEDGE: {
                Map<String, Object> customer = gen.customer();
                customer.put("country", "");
                return Optional.of(predict("churn_blank_country", "churn", customer));
            }
            default:
                return Optional.empty();
        }
    }

    /** The next routine request of a phase. */
    public synchronized Request next(Phase phase) {
        double pick = gen.random().nextDouble() * 100;
        if (pick < 55) {
            boolean partnerAway = phase == Phase.NEW_VERSION && plants(phase);
            boolean partner = !partnerAway && gen.random().nextDouble() < 0.2;
            if (partner) {
                return predict("churn_no_plan", "churn", gen.customerWithoutPlan());
            }
            boolean drift = phase == Phase.DRIFT && plants(phase);
            return predict(drift ? "churn_shifted" : "churn", "churn", gen.customer(drift ? DRIFT_SHIFT : 0));
        }
        if (pick < 95) {
            return predict("vector", "embed-sim", gen.vector());
        }
        return new Request(pick < 97.5 ? "list_models" : "health", "GET", pick < 97.5 ? "/models" : "/health", null);
    }

    /**
     * The next request of the phase's new client, which sends its requests on {@link #NEW_CLIENT_CONNECTIONS}
     * connections, one after the other on each, beside the routine traffic: in {@link Phase#LONG_LISTS}, when planted, an embed-sim
     * sequence of {@link #MIN_SEQUENCE_VECTORS} to {@link #MAX_SEQUENCE_VECTORS} vectors; no other phase has one.
     */
    public synchronized Optional<Request> newClient(Phase phase) {
        if (phase != Phase.LONG_LISTS || !plants(phase)) {
            return Optional.empty();
        }
        int vectors = MIN_SEQUENCE_VECTORS + gen.random().nextInt(MAX_SEQUENCE_VECTORS - MIN_SEQUENCE_VECTORS + 1);
        return Optional.of(predict("vector_sequence", "embed-sim", gen.vectorSequence(vectors)));
    }

    private static Request predict(String kind, String model, Object input) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("input", input);
        return new Request(kind, "POST", "/predict", body);
    }
}
