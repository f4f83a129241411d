package io.predlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private static final long MIB = 1L << 20;
    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream drawn = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(drawn, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(7 * SECOND);

    /** What a terminal shows after the text drawn: a carriage return moves the cursor back, characters overwrite. */
    private String screen() {
        StringBuilder line = new StringBuilder();
        int cursor = 0;
        for (char c : drawn.toString(StandardCharsets.UTF_8).toCharArray()) {
            if (c == '\r') {
                cursor = 0;
            } else {
                assertTrue(c != '\n', "the bar never moves to a new line");
                if (cursor < line.length()) {
                    line.setCharAt(cursor, c);
                } else {
                    line.append(c);
                }
                cursor++;
            }
        }
        return line.toString();
    }

    private void after(long nanos, ConsoleProgress progress, long bytes) {
        clock.addAndGet(nanos);
        progress.advance(bytes);
    }

    @Test
    void atATerminalItDrawsTheShareTheRateAndTheTimeLeftOnOneLineAndBlanksItAtTheEnd() {
        ConsoleProgress progress = ConsoleProgress.forTerminal(true, err, clock::get);
        progress.start(400 * MIB);
        after(2 * SECOND, progress, 100 * MIB);
        assertEquals("reading [#######                       ]  25%  100/400 MiB  50.0 MiB/s  ETA 6s", screen());

        after(2 * SECOND, progress, 300 * MIB);
        assertEquals("reading [##############################] 100%  400/400 MiB  100.0 MiB/s  ETA 0s", screen());

        int before = drawn.size();
        progress.finish();
        assertTrue(drawn.size() > before, "finishing erases the bar");
        assertEquals("", screen().strip(), "nothing of the bar is left on the line");
        assertTrue(drawn.toString(StandardCharsets.UTF_8).endsWith("\r"), "the cursor is back at the line's start");
    }

    @Test
    void aShorterLineLeavesNothingOfTheLongerOneBeforeIt() {
        ConsoleProgress progress = ConsoleProgress.forTerminal(true, err, clock::get);
        progress.start(999 * MIB);
        after(SECOND, progress, 10 * MIB);
        String slow = screen();
        assertEquals("reading [                              ]   1%  10/999 MiB  10.0 MiB/s  ETA 1m39s", slow);
        after(SECOND / 5, progress, 989 * MIB);
        String done = "reading [##############################] 100%  999/999 MiB  832.5 MiB/s  ETA 0s";
        assertTrue(done.length() < slow.length(), "precondition: the second line is the shorter");
        assertEquals(done, screen().stripTrailing());
    }

    @Test
    void itRedrawsAtMostFiveTimesASecond() {
        ConsoleProgress progress = ConsoleProgress.forTerminal(true, err, clock::get);
        progress.start(400 * MIB);
        after(SECOND / 10, progress, MIB);
        assertEquals(0, drawn.size(), "not within 200 ms of the start");
        after(SECOND / 10, progress, MIB);
        int first = drawn.size();
        assertTrue(first > 0);
        after(SECOND / 10, progress, MIB);
        assertEquals(first, drawn.size(), "not within 200 ms of the last draw");
    }

    @Test
    void aSmallReadDrawsNothing() {
        ConsoleProgress progress = ConsoleProgress.forTerminal(true, err, clock::get);
        progress.start(ConsoleProgress.WORTH_SHOWING - 1);
        after(5 * SECOND, progress, ConsoleProgress.WORTH_SHOWING - 1);
        progress.finish();
        assertEquals(0, drawn.size());
    }

    @Test
    void withOutputPipedThereIsNoBar() {
        assertNull(ConsoleProgress.forTerminal(false, err, clock::get));
        // this JVM's standard streams are pipes to the test runner, as under `predlog ... 2> file`
        assertFalse(ConsoleProgress.atTerminal(), "a pipe is not a terminal");
        assertNull(ConsoleProgress.forTerminal());
    }

    @Test
    void timeLeftIsWrittenInSecondsMinutesOrHours() {
        assertEquals("59s", ConsoleProgress.duration(59));
        assertEquals("1m05s", ConsoleProgress.duration(65));
        assertEquals("2h03m", ConsoleProgress.duration(2 * 3600 + 3 * 60 + 59));
    }
}
