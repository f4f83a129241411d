package io.predlog.cli.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The dashboard's HTML: the page template ({@code dashboard.html} next to this class) with ECharts' minified script
 * (from the {@code org.webjars.npm:echarts} jar) and the {@link DashboardData} inlined, so the file opens with no
 * network. The page sets {@code document.title} to {@code "predlog dashboard: rendered N charts"} once every chart
 * has reported {@code finished}.
 */
final class DashboardPage {

    /** ECharts' build with line, bar and scatter charts, as the WebJar holds it. */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.common.min.js";

    private DashboardPage() {
    }

    static String html(ObjectNode data) {
        String template = resource(DashboardPage.class.getClassLoader(), "io/predlog/cli/dashboard/dashboard.html");
        String echarts = resource(DashboardPage.class.getClassLoader(), ECHARTS);
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return template.replace("/*ECHARTS*/", scriptSafe(echarts)).replace("/*DATA*/", scriptSafe(json));
    }

    /** Text placed inside a script element: a closing tag in it would end the element early. */
    private static String scriptSafe(String text) {
        return text.replace("</", "<\\/");
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the class path: " + name + " (the cli jar is incomplete)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + name + ": " + e.getMessage(), e);
        }
    }
}
