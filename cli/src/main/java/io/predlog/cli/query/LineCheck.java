package io.predlog.cli.query;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Counts the non-empty lines of an event file and tells whether DuckDB's own {@code read_ndjson} reads it line for
 * line as {@link StagedLines} and the JSON parser would ({@link #plain()}): one row per non-empty line, in order,
 * the n-th row being line n. That holds unless the file has an empty line (DuckDB skips it, and the rows after it
 * would be numbered one short), a control character other than tab (left out by {@link StagedLines}), or bytes that
 * are not UTF-8 (made U+FFFD by {@link StagedLines}, refused by DuckDB). A line ended by a lone CR, which DuckDB
 * does not end a line at, shows as fewer rows than {@link #lines()}.
 */
final class LineCheck implements EventFileReader.LineConsumer {

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long lines;
    private boolean plain = true;

    @Override
    public void line(long number, byte[] bytes, int offset, int length) {
        lines++;
        if (!plain) {
            return;
        }
        if (number != lines) {
            plain = false;
            return;
        }
        boolean ascii = true;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = bytes[i];
            if (b < 0x20) {
                if (b < 0) {
                    ascii = false;
                } else if (b != '\t') {
                    plain = false;
                    return;
                }
            }
        }
        if (!ascii) {
            try {
                utf8.reset().decode(ByteBuffer.wrap(bytes, offset, length));
            } catch (CharacterCodingException e) {
                plain = false;
            }
        }
    }

    /** Non-empty lines seen. */
    long lines() {
        return lines;
    }

    /** Whether every line so far reads the same through DuckDB's {@code read_ndjson} (above). */
    boolean plain() {
        return plain;
    }
}
