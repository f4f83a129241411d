package io.predlog.agent.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Canonical bytes kept in memory instead of digested: a {@link DigestWriter} whose digest keeps what it is fed.
 * Encodes the fragments written once and reused by every walk (a field's or a map key's {@code "key":}), and lets
 * tests read what a walk wrote.
 */
final class CanonicalBytes {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final DigestWriter writer = new DigestWriter();

    CanonicalBytes() {
        this(Long.MAX_VALUE);
    }

    CanonicalBytes(long limit) {
        writer.start(new MessageDigest("capture") {
            @Override
            protected void engineUpdate(byte input) {
                bytes.write(input);
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                bytes.write(input, offset, len);
            }

            @Override
            protected byte[] engineDigest() {
                return new byte[0];
            }

            @Override
            protected void engineReset() {
                bytes.reset();
            }
        }, limit);
    }

    byte[] bytes() {
        writer.finish();
        return bytes.toByteArray();
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
