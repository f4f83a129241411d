package io.predlog.cli.report;

import java.io.PrintWriter;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a {@link Report} for people (severity-ordered text) or for programs (JSON, documented in docs/CLI.md). */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** The text form: a summary line, then each finding's headline, evidence and commands; or the clean bill. */
    public static void text(Report report, PrintWriter out) {
        out.println("predlog report: " + Figures.count(report.events()) + " events from " + Figures.time(report.start()) + " to "
                + Figures.time(report.end()) + " (" + String.join(", ", report.services()) + "); "
                + Figures.count(report.predictions()) + " predictions, " + Figures.count(report.failures()) + " failed"
                + (report.predictions() == 0 ? "" : " (" + Figures.percent((double) report.failures() / report.predictions()) + ")"));
        if (report.inputSampleRate() < 1) {
            out.println("The findings on inputs (data quality, latency by input size, what sets failing or slow calls apart) read "
                    + "the input of every failure and of a uniform sample of " + Figures.percent(report.inputSampleRate())
                    + " of the successes, each standing for " + Figures.number(1 / report.inputSampleRate())
                    + "; the other findings read every prediction.");
        }
        out.println();
        if (report.clean()) {
            out.println("Clean bill: nothing stands out. No error-rate change, stopped or unfinished calls, data-quality "
                    + "change, latency change, drift or shift in novel inputs passed its significance test and minimum support.");
            out.flush();
            return;
        }
        List<Finding> findings = report.findings();
        out.println(findings.size() + " finding" + (findings.size() == 1 ? "" : "s") + ", most severe first:");
        for (Finding f : findings) {
            out.println();
            out.println("[" + f.severity() + "] " + f.headline());
            for (String e : f.evidence()) {
                out.println("    " + e);
            }
            for (String s : f.see()) {
                out.println("    see: " + s);
            }
        }
        out.flush();
    }

    /** The JSON form: one object (docs/CLI.md, {@code report --json}). */
    public static void json(Report report, PrintWriter out) {
        out.println(jsonText(report));
        out.flush();
    }

    /** The JSON form as text. */
    public static String jsonText(Report report) {
        try {
            return JSON.writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON form as a tree. */
    public static ObjectNode tree(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("start", report.start() == null ? null : report.start().toString());
        root.put("end", report.end() == null ? null : report.end().toString());
        root.put("events", report.events());
        root.put("predictions", report.predictions());
        root.put("failures", report.failures());
        root.put("input_sample_rate", report.inputSampleRate());
        ArrayNode services = root.putArray("services");
        report.services().forEach(services::add);
        root.put("clean", report.clean());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            ObjectNode n = findings.addObject();
            n.put("kind", f.kind());
            n.put("severity", f.severity().name());
            n.put("headline", f.headline());
            n.put("onset", f.onset() == null ? null : f.onset().toString());
            n.put("model_id", f.modelId());
            ArrayNode evidence = n.putArray("evidence");
            f.evidence().forEach(evidence::add);
            ArrayNode see = n.putArray("see");
            f.see().forEach(see::add);
        }
        return root;
    }
}
