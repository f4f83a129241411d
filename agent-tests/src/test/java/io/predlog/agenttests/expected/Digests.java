package io.predlog.agenttests.expected;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The hash forms of docs/HASHING.md, computed with the JDK's own SHA-256 and HMAC. */
public final class Digests {

    private Digests() {
    }

    /** First 16 lowercase hex characters of SHA-256 over the bytes: an {@code input_hash}/{@code output_hash}. */
    public static String hash(byte[] canonical) {
        return HexFormat.of().formatHex(sha256(canonical)).substring(0, 16);
    }

    /** The hash of several arguments: SHA-256 over their concatenated 32-byte digests. */
    public static String hashOfArguments(byte[]... canonicalArguments) {
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        for (byte[] argument : canonicalArguments) {
            digests.writeBytes(sha256(argument));
        }
        return hash(digests.toByteArray());
    }

    /** First 16 lowercase hex characters of HMAC-SHA256 with this key. */
    public static String hmac(String key, byte[] canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical)).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
