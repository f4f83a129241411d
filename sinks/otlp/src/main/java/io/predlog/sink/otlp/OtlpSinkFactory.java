package io.predlog.sink.otlp;

import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.ProcessInfo;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkSettings;
import io.predlog.agent.sink.spool.Spool;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Makes the {@code otlp} sink ({@link OtlpSink}) from the {@code predlog.otlp.*} keys ({@link OtlpSettings}): the
 * HTTP client, the encoder of the configured protocol and the spool under {@code predlog.otlp.spool.dir}. Found
 * through the services file of the extension jar {@code predlog-otlp-sink.jar} (docs/SINKS.md). Opens no connection:
 * the first request is the sender's.
 */
public final class OtlpSinkFactory implements Sink.Factory {

    @Override
    public String name() {
        return "otlp";
    }

    @Override
    public Sink create(SinkSettings settings) {
        OtlpSettings otlp = OtlpSettings.of(settings.prefixed(OtlpSettings.PREFIX));
        LogsEncoder encoder = LogsEncoder.of(otlp.protocol());
        OtlpHttp http = new OtlpHttp(otlp, encoder.contentType());
        Path spoolDir = otlp.spoolDir() != null ? otlp.spoolDir()
                : settings.path(ConfigKeys.FILE_DIR).resolve("spool").resolve("otlp");
        Spool spool = openSpool(spoolDir, otlp.spoolMaxMb());
        ProcessInfo process = settings.process();
        Diagnostics.info("otlp sink: " + otlp.protocol().text + " to " + http.endpoint() + ", spool "
                + (spool == null ? "none" : spool.dir() + " (" + spool.bytes() + " bytes waiting)"));
        return start(otlp, spool, new Origin(process.service(), process.host(), process.pid()), http, encoder,
                Duration.ofMillis(settings.number(ConfigKeys.SHUTDOWN_TIMEOUT_MS) / 2));
    }

    /** The sink of these settings, its sender started. */
    static OtlpSink start(OtlpSettings otlp, Spool spool, Origin origin, OtlpHttp http, LogsEncoder encoder,
            Duration closeTimeout) {
        Losses losses = new Losses();
        Backlog backlog = new Backlog(otlp.queueEvents(), spool, losses);
        Sender sender = new Sender(backlog, new EventMapping(origin), encoder, http,
                new Backoff(otlp.retryInitial(), otlp.retryMax()), losses, otlp.batchEvents(), otlp.linger());
        return new OtlpSink(backlog, sender, losses, otlp.batchEvents(), closeTimeout);
    }

    /** The spool, or null when it is turned off or cannot be opened (then events the endpoint cannot take wait in memory). */
    private static Spool openSpool(Path dir, long maxMb) {
        if (maxMb == 0) {
            return null;
        }
        try {
            return Spool.open(dir, Math.max(64 << 10, maxMb << 20));
        } catch (IOException | RuntimeException e) {
            Diagnostics.error("otlp sink: no spool (" + e.getMessage() + "); events the endpoint cannot take wait in"
                    + " memory, and past predlog.otlp.queue.max_events are dropped and counted");
            return null;
        }
    }
}
