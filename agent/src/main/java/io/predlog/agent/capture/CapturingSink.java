package io.predlog.agent.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A sink that keeps the canonical bytes instead of digesting them: for tests and diagnostics only. */
final class CapturingSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CanonicalSink sink = new CanonicalSink();

    CapturingSink() {
        this(Long.MAX_VALUE);
    }

    CapturingSink(long limit) {
        sink.start(new MessageDigest("capture") {
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
        sink.finish();
        return bytes.toByteArray();
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
