package io.predlog.agenttests.harness;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.fail;

/** Reads JSON Lines event files strictly: UTF-8, one JSON object per line, no duplicate keys, nothing else. */
final class EventFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventFiles() {
    }

    static Events read(Path dir, JvmRun run) {
        if (!Files.isDirectory(dir)) {
            return new Events(List.of());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".jsonl")
                            || p.getFileName().toString().endsWith(".jsonl.gz"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<JsonNode> events = new ArrayList<>();
        for (Path file : files) {
            events.addAll(parseLines(lines(file), file.toString(), run).all());
        }
        return new Events(events);
    }

    static Events parseLines(List<String> lines, String source, JvmRun run) {
        List<JsonNode> events = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                fail(source + ":" + (i + 1) + " is not a JSON object: " + line + "\n" + run.describe());
            }
            events.add(node);
        }
        return new Events(events);
    }

    private static List<String> lines(Path file) {
        try (InputStream in = file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            byte[] bytes = in.readAllBytes();
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.lines().toList(); // a partly written last line fails parsing, which names it
        } catch (CharacterCodingException e) {
            fail(file + " is not valid UTF-8");
            return List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
