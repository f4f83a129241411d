package io.predlog.agent.event;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The address pattern the scan stands for: every address it finds, the pattern finds at the same place. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}");

    @Test
    void addressesAreFoundWhereThePatternFindsThem() {
        SplittableRandom random = new SplittableRandom(1);
        String alphabet = "abZ19.-_%+@@@.. x";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder raw = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = raw.toString();
            assertEquals(withThePattern(text), ErrorMessages.redact(text), () -> "for \"" + text + "\"");
        }
    }

    /** Long tokens, which the scan reads in one pass (the pattern backtracked over them from each character). */
    @Test
    void longTokensWithAndWithoutAnAddress() {
        assertEquals("x".repeat(200), ErrorMessages.redact("x".repeat(4000)));
        assertEquals("token " + ErrorMessages.REDACTED + " tail",
                ErrorMessages.redact("token " + "x.".repeat(1500) + "y@mail.example.com tail"));
        assertEquals("a@".repeat(100), ErrorMessages.redact("a@".repeat(2000)));
        assertEquals("id " + ErrorMessages.REDACTED + ", x@y",
                ErrorMessages.redact("id " + "ab-".repeat(1000) + "c@d.ef, x@y"));
    }

    /** What {@link ErrorMessages#redact} makes of a short message, its addresses found by the pattern. */
    private static String withThePattern(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = EMAIL.matcher(text);
        int from = 0;
        while (m.find()) {
            out.append(digitsRedacted(text.substring(from, m.start()))).append(ErrorMessages.REDACTED);
            from = m.end();
        }
        out.append(digitsRedacted(text.substring(from)));
        return out.toString();
    }

    /** Runs of six or more digits, grouped by single spaces or dashes or not, replaced. */
    private static String digitsRedacted(String text) {
        Matcher run = DIGIT_RUN.matcher(text);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (run.find()) {
            if (run.group().chars().filter(Character::isDigit).count() >= 6) {
                out.append(text, from, run.start()).append(ErrorMessages.REDACTED);
                from = run.end();
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9](?:[ -]?[0-9])*");
}
