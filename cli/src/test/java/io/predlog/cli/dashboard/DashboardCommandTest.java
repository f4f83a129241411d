package io.predlog.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.report.IncidentLogs;

class DashboardCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesOneFileWithTheChartLibraryAndAggregatesAndSaysWhere() throws Exception {
        Path events = IncidentLogs.all(dir.resolve("all.jsonl"));
        Path html = dir.resolve("out/dash.html");
        CommandRunner.Run run = CommandRunner.run("dashboard", "-o", html.toString(), events.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("wrote " + html.toAbsolutePath()), run.out());
        String page = Files.readString(html);
        assertTrue(page.contains("echarts"), "ECharts is inlined");
        assertFalse(page.contains("<script src="), "no external script");
        assertFalse(page.contains("0000000000005eed0000000000000001\""), "no raw events: the first request id is not in the page");
    }

    @Test
    void aDirectoryAsTheOutputIsAUsageErrorThatNamesAFile() throws Exception {
        Path events = IncidentLogs.all(dir.resolve("all.jsonl"), 20);
        CommandRunner.Run run = CommandRunner.run("dashboard", "-o", dir.toString(), events.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("is a directory: give a file name, e.g. -o " + dir.resolve("dashboard.html")), run.err());
    }

    @Test
    void theFileDoesNotGrowWithTheNumberOfEvents() throws Exception {
        long small = dashboardSize(IncidentLogs.all(dir.resolve("small.jsonl"), 50));
        long large = dashboardSize(IncidentLogs.all(dir.resolve("large.jsonl"), 500));
        assertTrue(Math.abs(large - small) < small / 50, "10 times the events: " + small + " bytes, then " + large);
    }

    private long dashboardSize(Path events) throws Exception {
        Path html = dir.resolve(events.getFileName() + ".html");
        CommandRunner.Run run = CommandRunner.run("dashboard", "-o", html.toString(), events.toString());
        assertEquals(0, run.exit(), run.err());
        return Files.size(html);
    }

    @Test
    void everyChartRendersInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            System.err.println("[skipped] chromium is not installed (apt-get install chromium): the dashboard browser test did not run");
            return;
        }
        Path events = IncidentLogs.all(dir.resolve("all.jsonl"));
        Path html = dir.resolve("dash.html");
        assertEquals(0, CommandRunner.run("dashboard", "-o", html.toString(), events.toString()).exit());
        List<String> base = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000");
        List<String> dump = new ArrayList<>(base);
        dump.add("--user-data-dir=" + Files.createTempDirectory(dir, "profile"));
        dump.add("--dump-dom");
        dump.add(html.toUri().toString());
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(dump).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not end");
        String page = Files.readString(dom);
        String console = Files.readString(log);
        assertTrue(page.contains("<title>predlog dashboard: rendered 5 charts</title>"), () -> "not every chart finished: " + console);
        assertFalse(console.contains("Uncaught") || console.contains("ERROR:CONSOLE"), console);
        List<String> shot = new ArrayList<>(base);
        shot.add("--user-data-dir=" + Files.createTempDirectory(dir, "profile"));
        Path png = Path.of("target", "dashboard-screenshot.png").toAbsolutePath();
        shot.add("--screenshot=" + png);
        shot.add("--window-size=1400,1400");
        shot.add(html.toUri().toString());
        Process s = new ProcessBuilder(shot).redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile()).start();
        assertTrue(s.waitFor(120, TimeUnit.SECONDS), "chromium did not end");
        assertTrue(Files.size(png) > 20_000, "the screenshot is not blank");
    }
}
