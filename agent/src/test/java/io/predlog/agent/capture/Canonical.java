package io.predlog.agent.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Test helpers: the canonical bytes the walker produces, and hashes computed independently with the JDK. */
final class Canonical {

    private Canonical() {
    }

    static byte[] bytes(Object value) {
        return bytes(value, HashSettings.defaults());
    }

    static byte[] bytes(Object value, HashSettings settings) {
        Recording digest = new Recording();
        new CanonicalWalker(settings, ValueAdapters.STANDARD).walk(value, digest, null, false, null);
        return digest.out.toByteArray();
    }

    static String text(Object value) {
        return new String(bytes(value), StandardCharsets.UTF_8);
    }

    static String text(Object value, HashSettings settings) {
        return new String(bytes(value, settings), StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    static String hash16(byte[] digest) {
        return HexFormat.of().formatHex(digest).substring(0, 16);
    }

    static String sha256Hash16(String canonicalText) throws Exception {
        return hash16(sha256(canonicalText.getBytes(StandardCharsets.UTF_8)));
    }

    /** A MessageDigest that keeps what it is fed. */
    static final class Recording extends MessageDigest {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Recording() {
            super("recording");
        }

        @Override
        protected void engineUpdate(byte input) {
            out.write(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            out.write(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            return new byte[32];
        }

        @Override
        protected int engineDigest(byte[] buf, int offset, int len) {
            return 32;
        }

        @Override
        protected void engineReset() {
            out.reset();
        }
    }
}
