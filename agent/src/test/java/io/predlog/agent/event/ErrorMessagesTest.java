package io.predlog.agent.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorMessagesTest {

    @Test
    void nullStaysNull() {
        assertNull(ErrorMessages.redact(null));
    }

    @Test
    void aPlainShortMessageIsUnchanged() {
        assertEquals("model not ready: 12345 rows", ErrorMessages.redact("model not ready: 12345 rows"));
    }

    @Test
    void emailAddressesAreRedacted() {
        assertEquals("no account for <redacted>, tried <redacted>",
                ErrorMessages.redact("no account for jane.doe+x@mail.example.com, tried j_d@ex-ample.org"));
    }

    @Test
    void runsOfSixOrMoreDigitsAreRedactedShorterRunsKept() {
        assertEquals("card <redacted> id 12345 acct <redacted>",
                ErrorMessages.redact("card 4111111111111111 id 12345 acct 123456"));
    }

    @Test
    void digitsGroupedBySpacesOrDashesCountAsOneRun() {
        assertEquals("card <redacted> declined, call <redacted> or <redacted>",
                ErrorMessages.redact("card 4111 1111 1111 1111 declined, call 415-555-0100 or 4155550100"));
        // fewer than six digits in a group, or groups joined by anything else, are kept
        assertEquals("batch 12 of 345, 12:34:56, v1.2.3, 123 45", ErrorMessages.redact("batch 12 of 345, 12:34:56, v1.2.3, 123 45"));
        assertEquals("a <redacted> b", ErrorMessages.redact("a 12 34 56 b"));
    }

    @Test
    void digitsInsideAnEmailAddressGoWithTheAddress() {
        assertEquals("user <redacted> unknown", ErrorMessages.redact("user 1234567@corp.example.com unknown"));
    }

    @Test
    void theResultIsCutToTwoHundredCharacters() {
        String raw = "x".repeat(150) + " " + "y".repeat(150);
        String redacted = ErrorMessages.redact(raw);
        assertEquals(200, redacted.length());
        assertEquals(raw.substring(0, 200), redacted);
    }

    @Test
    void redactionHappensBeforeTheCutSoNoFragmentSurvivesAtTheEdge() {
        // the e-mail straddles character 200 of the raw message
        String raw = "a".repeat(190) + " bob.smith@example.com trailing";
        String redacted = ErrorMessages.redact(raw);
        assertTrue(redacted.length() <= 200);
        assertFalse(redacted.contains("bob"), redacted);
        assertFalse(redacted.contains("smith"), redacted);
    }

    @Test
    void manyRedactionsStillRespectTheCap() {
        String raw = "ids: " + "1234567 ".repeat(100);
        String redacted = ErrorMessages.redact(raw);
        assertTrue(redacted.length() <= 200);
        assertFalse(redacted.matches(".*\\d{6}.*"), redacted);
    }

    @Test
    void aHugeMessageIsBoundedAndCutNeverLeaksAHalfNumberAtTheScanLimit() {
        // a digit run that redacts to almost nothing, then a number straddling the scan limit
        String raw = "9".repeat(4000) + " ".repeat(ErrorMessages.MAX_SCANNED - 3 - 4000) + "98765432109876 tail";
        String redacted = ErrorMessages.redact(raw);
        assertTrue(redacted.length() <= 200);
        assertFalse(redacted.contains("987"), redacted);
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String raw = "a".repeat(199) + "\uD83D\uDE00" + "b";
        String redacted = ErrorMessages.redact(raw);
        assertEquals(199, redacted.length());
        assertFalse(Character.isHighSurrogate(redacted.charAt(redacted.length() - 1)));
    }
}
