package io.predlog.sample.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded, reproducible inputs for the shipped models: customer rows for {@code churn} and 64-long
 * vectors for {@code embed-sim}, plus the broken variants clients really send. Not thread-safe.
 */
public final class InputGenerator {
    /** The dimension of the shipped vector models. */
    public static final int VECTOR_DIM = 64;

    private static final String[] PLANS = {"basic", "standard", "premium", "enterprise"};
    private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "IN", "BR", "JP", "CA", "MX", "NL"};

    private final Random random;

    public InputGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** The underlying random source, for callers that pick what to send with the same seed. */
    public Random random() {
        return random;
    }

    /**
     * The standard deviation of {@code monthly_charges} in {@link #customer()}: uniform on [20, 120), so
     * {@code 100 / sqrt(12)}.
     */
    public static final double MONTHLY_CHARGES_SD = 100 / Math.sqrt(12);

    /** A plausible customer with all 18 features of the churn model (and an unseen country now and then). */
    public Map<String, Object> customer() {
        return customer(0);
    }

    /**
     * A customer whose {@code monthly_charges} alone is moved by {@code monthlyShift} (the other features,
     * {@code total_charges} included, keep their usual distribution): an upstream system that starts
     * sending one field in other units.
     */
    public Map<String, Object> customer(double monthlyShift) {
        Map<String, Object> f = new LinkedHashMap<>();
        long tenure = 1 + random.nextInt(72);
        double monthly = round2(20 + random.nextDouble() * 100);
        f.put("tenure_months", tenure);
        f.put("monthly_charges", monthly);
        f.put("total_charges", round2(tenure * monthly * (0.9 + random.nextDouble() * 0.2)));
        f.put("support_tickets", (long) poisson(1.5));
        f.put("logins_last_30d", (long) random.nextInt(40));
        f.put("avg_session_minutes", round2(2 + random.nextDouble() * 45));
        f.put("days_since_last_login", (long) Math.min(60, poisson(5)));
        f.put("num_devices", 1L + random.nextInt(5));
        f.put("late_payments", (long) poisson(0.6));
        f.put("discount_pct", (double) (5 * random.nextInt(7)));
        f.put("data_usage_gb", round2(Math.abs(random.nextGaussian()) * 50));
        f.put("contract_months_remaining", (long) random.nextInt(25));
        f.put("referrals", (long) poisson(0.8));
        f.put("age", 18L + random.nextInt(60));
        f.put("nps_score", (long) random.nextInt(11));
        f.put("feature_adoption", round2(random.nextDouble()));
        f.put("plan", PLANS[random.nextInt(PLANS.length)]);
        f.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
        if (monthlyShift != 0) {
            f.put("monthly_charges", round2(monthly + monthlyShift));
        }
        return f;
    }

    /** A customer from a client that never sends the (optional in churn v1 and v2) {@code plan}. */
    public Map<String, Object> customerWithoutPlan() {
        Map<String, Object> f = customer();
        f.remove("plan");
        return f;
    }

    /** A sequence of {@code count} vectors of the shipped dimension: a document's token embeddings. */
    public List<float[]> vectorSequence(int count) {
        List<float[]> sequence = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sequence.add(vector());
        }
        return sequence;
    }

    /** A customer with one required feature left out. */
    public Map<String, Object> customerMissingFeature() {
        Map<String, Object> f = customer();
        List<String> keys = new ArrayList<>(f.keySet());
        f.remove(keys.get(random.nextInt(keys.size())));
        return f;
    }

    /** A customer whose numeric feature holds a string, as a sloppy client would send it. */
    public Map<String, Object> customerWithWrongType() {
        Map<String, Object> f = customer();
        f.put("monthly_charges", String.valueOf(f.get("monthly_charges")));
        return f;
    }

    /** A customer carrying {@code extra} fields the model ignores: a whole CRM record sent along. */
    public Map<String, Object> heavyCustomer(int extra) {
        Map<String, Object> f = customer();
        for (int i = 0; i < extra; i++) {
            f.put(String.format("crm_attr_%04d", i), round2(random.nextGaussian() * 10));
        }
        return f;
    }

    /** A vector of the shipped models' dimension. */
    public float[] vector() {
        return vector(VECTOR_DIM);
    }

    /** A vector of any length, values roughly N(0, 1) rounded to four decimals. */
    public float[] vector(int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (Math.round(random.nextGaussian() * 10_000) / 10_000.0);
        }
        return v;
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static double round2(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
