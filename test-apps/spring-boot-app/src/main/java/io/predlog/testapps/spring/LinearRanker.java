package io.predlog.testapps.spring;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The {@link Ranker} implementation behind the proxy: a weighted count of the features. */
public class LinearRanker implements Ranker {

    private final AtomicLong calls = new AtomicLong();

    @Override
    public double rank(Map<String, Object> features) {
        calls.incrementAndGet();
        return features.size() * 0.5;
    }

    long calls() {
        return calls.get();
    }
}
