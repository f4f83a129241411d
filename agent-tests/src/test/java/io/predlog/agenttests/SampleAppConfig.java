package io.predlog.agenttests;

import io.predlog.agenttests.harness.ConfigFile;

import java.nio.file.Path;

/** Targets for the sample service ({@code sample-app}), as a user would write them for it. */
final class SampleAppConfig {

    private SampleAppConfig() {
    }

    static Path write(String... extraLines) {
        String[] base = {
                "predlog.predict.model = io.predlog.sample.model.Model#predict",
        };
        String[] lines = new String[base.length + extraLines.length];
        System.arraycopy(base, 0, lines, 0, base.length);
        System.arraycopy(extraLines, 0, lines, base.length, extraLines.length);
        return ConfigFile.write("sample-agent.properties", lines);
    }
}
