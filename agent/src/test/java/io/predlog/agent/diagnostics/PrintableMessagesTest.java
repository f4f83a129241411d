package io.predlog.agent.diagnostics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the agent prints is one safe line: control characters escaped, length bounded. */
class PrintableMessagesTest {

    @Test
    void plainTextIsPrintedAsItIs() {
        String message = "predlog.sinks: agent.properties:3: unknown sink 'kafka' — did you mean ‘file’?";
        assertSame(message, Diagnostics.printable(message));
    }

    @Test
    void controlCharactersAreEscapedSoTheyCanNeitherBreakTheLineNorDriveTheTerminal() {
        assertEquals("key: \\u001b[31mred\\u001b[0m\\n second line\\r\\t\\u0000\\u007f\\u009b\\u2028",
                Diagnostics.printable("key: \u001b[31mred\u001b[0m\n second line\r\t\u0000\u007f\u009b\u2028"));
    }

    @Test
    void anOverlongMessageIsCutAndSaysHowMuchWasLeftOut() {
        String printed = Diagnostics.printable("x".repeat(Diagnostics.MAX_MESSAGE_CHARS + 10));
        assertTrue(printed.startsWith("x".repeat(Diagnostics.MAX_MESSAGE_CHARS)));
        assertTrue(printed.endsWith("… (10 more characters)"), printed.substring(printed.length() - 40));
    }
}
