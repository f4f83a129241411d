package io.predlog.agent;

import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.instrument.AgentInstaller;

import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * The start-up warm-up thread ({@code predlog-warmup}): loads and initialises, beside {@code premain}, what the
 * agent's start ({@link BackgroundStart}) and the weaving thread will need: the JDK's SHA-256 and HMAC-SHA256
 * providers (the capture's), the JSON encoder's factory, then Byte Buddy's machinery
 * ({@link AgentInstaller#warmUp}). A thread that reaches a class while this one initialises it waits for it, and
 * then finds it done; nothing here changes what the agent does. Purely an optimisation: every failure is ignored
 * (the real use reports it).
 */
final class WarmUp {

    private WarmUp() {
    }

    static void inBackground() {
        Thread warmUp = new Thread(WarmUp::run, "predlog-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private static void run() {
        try {
            MessageDigest.getInstance("SHA-256").digest(new byte[1]);
            Mac.getInstance("HmacSHA256");
        } catch (Throwable ignored) {
            // the capture reports a missing algorithm at start-up
        }
        try {
            Class.forName(EventJsonEncoder.class.getName(), true, WarmUp.class.getClassLoader());
        } catch (Throwable ignored) {
            // the pipeline's start reports it
        }
        AgentInstaller.warmUp();
    }
}
