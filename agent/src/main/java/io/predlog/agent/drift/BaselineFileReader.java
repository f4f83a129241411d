package io.predlog.agent.drift;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one baseline file (format in docs/DRIFT.md) with Jackson's streaming parser: numeric values go straight
 * into a KLL sketch, so a large sample is never held as a list. Every problem becomes a
 * {@link BaselineFileException} naming the file, the line and column, and what is wrong.
 */
final class BaselineFileReader {

    static final String FORMAT = "predlog-baseline";
    static final int VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path file;
    private final int bins;
    private JsonParser parser;

    private BaselineFileReader(Path file, int bins) {
        this.file = file;
        this.bins = bins;
    }

    /** The baselines one file describes, in file order. */
    static List<BaselineFiles.Entry> read(Path file, int bins) throws BaselineFileException {
        return new BaselineFileReader(file, bins).read();
    }

    private List<BaselineFiles.Entry> read() throws BaselineFileException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            parser = p;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fail("expected a JSON object: {\"format\":\"" + FORMAT + "\",\"version\":1,\"baselines\":[…]}"
                        + " or a single baseline {\"model_id\":…,\"features\":{…}}");
            }
            List<BaselineFiles.Entry> entries = document();
            if (p.nextToken() != null) {
                throw fail("unexpected content after the top-level object");
            }
            return entries;
        } catch (NoSuchFileException e) {
            throw new BaselineFileException(file, 0, 0, "no such file");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BaselineFileException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BaselineFileException(file, 0, 0, "cannot be read: " + e);
        }
    }

    /** The top-level object: the wrapper with {@code baselines}, or one baseline's fields directly. */
    private List<BaselineFiles.Entry> document() throws IOException, BaselineFileException {
        List<BaselineFiles.Entry> listed = null;
        EntryBuilder single = new EntryBuilder(parser.currentTokenLocation());
        boolean singleFields = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "format" -> {
                    if (!FORMAT.equals(string(name))) {
                        throw fail("\"format\" must be \"" + FORMAT + "\"");
                    }
                }
                case "version" -> {
                    long v = whole(name);
                    if (v != VERSION) {
                        throw fail("unsupported version " + v + "; this agent reads version " + VERSION);
                    }
                }
                case "description" -> string(name);
                case "baselines" -> listed = baselines();
                default -> {
                    single.field(name);
                    singleFields = true;
                }
            }
        }
        if (listed != null && singleFields) {
            throw fail("a file has either \"baselines\" (a list) or one baseline's fields at the top level, not both");
        }
        if (listed != null) {
            return listed;
        }
        return List.of(single.build());
    }

    private List<BaselineFiles.Entry> baselines() throws IOException, BaselineFileException {
        expect(JsonToken.START_ARRAY, "\"baselines\" must be an array of baseline objects");
        List<BaselineFiles.Entry> entries = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expect(JsonToken.START_OBJECT, "each entry of \"baselines\" must be an object");
            EntryBuilder b = new EntryBuilder(parser.currentTokenLocation());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (!name.equals("description")) {
                    b.field(name);
                } else {
                    string(name);
                }
            }
            entries.add(b.build());
        }
        if (entries.isEmpty()) {
            throw fail("\"baselines\" is empty");
        }
        return entries;
    }

    /** One baseline's fields, in any order; checked when its object ends. */
    private final class EntryBuilder {
        private final JsonLocation start;
        private String modelId;
        private String modelVersion;
        private String target;
        private long calls = -1;
        private Map<String, Distribution> features;
        private Map<String, Distribution> outputFeatures;

        EntryBuilder(JsonLocation start) {
            this.start = start;
        }

        void field(String name) throws IOException, BaselineFileException {
            switch (name) {
                case "model_id" -> modelId = nonBlank(name);
                case "model_version" -> modelVersion = nonBlank(name);
                case "target" -> target = nonBlank(name);
                case "calls" -> calls = whole(name);
                case "features" -> features = features("features");
                case "output_features" -> outputFeatures = features("output_features");
                default -> throw fail("unknown field \"" + name + "\" (expected model_id, model_version, target,"
                        + " calls, features, output_features, description)");
            }
        }

        BaselineFiles.Entry build() throws BaselineFileException {
            if (modelId == null) {
                throw failAt(start, "a baseline needs \"model_id\"");
            }
            boolean inputs = features != null && !features.isEmpty();
            boolean outputs = outputFeatures != null && !outputFeatures.isEmpty();
            if (!inputs && !outputs) {
                throw failAt(start, "baseline of model " + modelId + " needs \"features\" or \"output_features\""
                        + " with at least one feature");
            }
            long described = calls;
            if (described < 0) {
                for (Map<String, Distribution> m : inputs && outputs ? List.of(features, outputFeatures)
                        : List.of(inputs ? features : outputFeatures)) {
                    for (Distribution d : m.values()) {
                        described = Math.max(described, d.count());
                    }
                }
            }
            return new BaselineFiles.Entry(target, modelId, modelVersion,
                    inputs ? Baseline.of(file.toString(), described, features, bins) : null,
                    outputs ? Baseline.of(file.toString(), described, outputFeatures, bins) : null);
        }
    }

    private Map<String, Distribution> features(String field) throws IOException, BaselineFileException {
        expect(JsonToken.START_OBJECT, "\"" + field + "\" must be an object: {\"name\": {\"type\": …}, …}");
        Map<String, Distribution> features = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String feature = parser.currentName();
            parser.nextToken();
            features.put(feature, feature(feature));
        }
        return features;
    }

    private Distribution feature(String feature) throws IOException, BaselineFileException {
        JsonLocation start = parser.currentTokenLocation();
        expect(JsonToken.START_OBJECT, "feature \"" + feature + "\" must be an object with \"type\"");
        String type = null;
        KllDoublesSketch values = null;
        Map<String, Long> counts = null;
        long other = 0;
        boolean otherGiven = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "type" -> type = string("type");
                case "values" -> values = values(feature);
                case "counts" -> counts = counts(feature);
                case "other" -> {
                    other = whole("other");
                    otherGiven = true;
                }
                default -> throw fail("feature \"" + feature + "\": unknown field \"" + name
                        + "\" (numeric: type, values; categorical: type, counts, other)");
            }
        }
        if ("numeric".equals(type)) {
            if (values == null || counts != null || otherGiven) {
                throw failAt(start, "numeric feature \"" + feature + "\" needs \"values\" (an array of numbers)"
                        + " and no \"counts\" or \"other\"");
            }
            if (values.isEmpty()) {
                throw failAt(start, "numeric feature \"" + feature + "\": \"values\" is empty");
            }
            return new Distribution.Numeric(values);
        }
        if ("categorical".equals(type)) {
            if (counts == null || values != null) {
                throw failAt(start, "categorical feature \"" + feature + "\" needs \"counts\" ({\"category\": count,"
                        + " …}) and no \"values\"");
            }
            Distribution.Categorical c = new Distribution.Categorical(counts, other);
            if (c.count() == 0) {
                throw failAt(start, "categorical feature \"" + feature + "\": the counts add up to 0");
            }
            return c;
        }
        throw failAt(start, "feature \"" + feature + "\" needs \"type\": \"numeric\" or \"categorical\""
                + (type == null ? "" : ", not \"" + type + "\""));
    }

    private KllDoublesSketch values(String feature) throws IOException, BaselineFileException {
        expect(JsonToken.START_ARRAY, "feature \"" + feature + "\": \"values\" must be an array of numbers");
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw fail("feature \"" + feature + "\": \"values\" must hold numbers only, found " + describe(t));
            }
            double v = parser.getDoubleValue();
            if (!Double.isFinite(v)) {
                throw fail("feature \"" + feature + "\": value " + parser.getText() + " is out of range");
            }
            sketch.update(v);
        }
        return sketch;
    }

    private Map<String, Long> counts(String feature) throws IOException, BaselineFileException {
        expect(JsonToken.START_OBJECT, "feature \"" + feature + "\": \"counts\" must be an object {\"category\": count}");
        Map<String, Long> counts = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String category = parser.currentName();
            parser.nextToken();
            counts.put(category, whole("count of \"" + category + "\""));
        }
        return counts;
    }

    private String string(String what) throws IOException, BaselineFileException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw fail("\"" + what + "\" must be a string, found " + describe(parser.currentToken()));
        }
        return parser.getText();
    }

    private String nonBlank(String what) throws IOException, BaselineFileException {
        String s = string(what);
        if (s.isBlank()) {
            throw fail("\"" + what + "\" must not be blank (leave it out instead)");
        }
        return s;
    }

    private long whole(String what) throws IOException, BaselineFileException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER || parser.getLongValue() < 0) {
            throw fail(what + " must be a whole number from 0, found " + describe(parser.currentToken()));
        }
        return parser.getLongValue();
    }

    private void expect(JsonToken token, String problem) throws IOException, BaselineFileException {
        if (parser.currentToken() != token) {
            throw fail(problem + ", found " + describe(parser.currentToken()));
        }
    }

    private String describe(JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + parser.getText() + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private BaselineFileException fail(String problem) {
        return failAt(parser.currentTokenLocation(), problem);
    }

    private BaselineFileException failAt(JsonLocation at, String problem) {
        return new BaselineFileException(file, at.getLineNr(), at.getColumnNr(), problem);
    }
}
