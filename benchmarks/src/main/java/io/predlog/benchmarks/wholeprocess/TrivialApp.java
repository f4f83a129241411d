package io.predlog.benchmarks.wholeprocess;

import io.predlog.benchmarks.FeatureModel;
import io.predlog.benchmarks.Features;

import java.util.Map;

/**
 * The start-up case: prints {@code MAIN} as its first act, makes one predict call (the agent's first event and its
 * drain at exit included), prints its resident memory as a {@link ResultLine} and exits.
 */
public final class TrivialApp {

    private TrivialApp() {
    }

    public static void main(String[] args) {
        System.out.println("MAIN");
        System.out.flush();
        double score = new FeatureModel(Features.weights()).predict(Features.of("typical"));
        System.out.println(ResultLine.format(Map.of(
                "hwm_mb", ProcSelf.statusKb("VmHWM") / 1024.0,
                "rss_mb", ProcSelf.statusKb("VmRSS") / 1024.0,
                "check", Double.isNaN(score) ? 0.0 : 1.0)));
    }
}
