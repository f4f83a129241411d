package io.predlog.agent.drift;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, json, StandardCharsets.UTF_8);
        return p;
    }

    private String problem(String json) throws IOException {
        Path p = file("bad.json", json);
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> BaselineFiles.read(List.of(p)));
        assertTrue(e.getMessage().startsWith("baseline file " + p + ": "), e.getMessage());
        assertEquals(p, e.file());
        return e.getMessage().substring(("baseline file " + p + ": ").length());
    }

    @Test
    void aFileWithSeveralBaselinesIsReadIntoSketchesAndCounts() throws Exception {
        Path p = file("churn.json", """
                {"format":"predlog-baseline","version":1,"description":"from last week's logs","baselines":[
                  {"model_id":"churn","model_version":"3","calls":5000,"features":{
                     "amount":{"type":"numeric","values":[1,2,3,4,5,6,7,8,9,10]},
                     "country":{"type":"categorical","counts":{"DE":12,"FR":8},"other":5}}},
                  {"model_id":"churn","model_version":"3","target":"batch","features":{
                     "amount":{"type":"numeric","values":[1.5,2.5]}}}
                ]}""");
        BaselineFiles files = BaselineFiles.read(List.of(p));
        assertEquals(2, files.entries().size());
        Baseline b = files.find("score", "churn", "3");
        assertEquals(p.toString(), b.source());
        assertEquals(5000, b.calls());
        Distribution.Numeric amount = assertInstanceOf(Distribution.Numeric.class, b.features().get("amount"));
        assertEquals(10, amount.count());
        assertEquals(5.0, amount.sketch().getQuantile(0.5));
        Distribution.Categorical country = assertInstanceOf(Distribution.Categorical.class,
                b.features().get("country"));
        assertEquals(25, country.count());
        assertEquals(5, country.other());
        assertEquals(2, files.find("batch", "churn", "3").calls(), "without calls: the largest feature count");
    }

    @Test
    void findPrefersTheTargetsOwnBaselineThenOneForEveryTargetAndMatchesVersionsExactly() throws Exception {
        Path p = file("b.json", """
                {"baselines":[
                  {"model_id":"m","model_version":"1","features":{"x":{"type":"numeric","values":[1]}}},
                  {"model_id":"m","model_version":"1","target":"t","features":{"x":{"type":"numeric","values":[2]}}},
                  {"model_id":"m","features":{"x":{"type":"numeric","values":[3]}}}
                ]}""");
        BaselineFiles files = BaselineFiles.read(List.of(p));
        assertSame(files.entries().get(1).baseline(), files.find("t", "m", "1"));
        assertSame(files.entries().get(0).baseline(), files.find("other", "m", "1"));
        assertSame(files.entries().get(2).baseline(), files.find("t", "m", null));
        assertNull(files.find("t", "m", "2"));
        assertNull(files.find("t", "n", "1"));
        assertNull(BaselineFiles.NONE.find("t", "m", "1"));
    }

    @Test
    void aSingleBaselineObjectIsAcceptedAtTheTopLevel() throws Exception {
        Path p = file("one.json", """
                {"model_id":"fraud","features":{"flag":{"type":"categorical","counts":{"true":3,"false":97}}}}""");
        Baseline b = BaselineFiles.read(List.of(p)).find("any", "fraud", null);
        assertEquals(100, b.calls());
    }

    @Test
    void severalFilesAreReadAndTheSameModelTwiceIsAnError() throws Exception {
        Path a = file("a.json", "{\"model_id\":\"m\",\"features\":{\"x\":{\"type\":\"numeric\",\"values\":[1]}}}");
        Path b = file("b.json", "{\"model_id\":\"n\",\"features\":{\"x\":{\"type\":\"numeric\",\"values\":[1]}}}");
        assertEquals(2, BaselineFiles.read(List.of(a, b)).entries().size());
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> BaselineFiles.read(List.of(a, b, a)));
        assertEquals("baseline file " + a + ": a second baseline for model m (the first is in " + a + ")",
                e.getMessage());
    }

    @Test
    void problemsAreNamedWithTheirLineAndColumn() throws Exception {
        assertTrue(problem("{\"model_id\":\"m\",\n \"features\":{\"x\" 1}}")
                .startsWith("line 2, column 18: not valid JSON: Unexpected character ('1' (code 49))"));
        assertEquals("line 2, column 13: \"features\" must be an object: {\"name\": {\"type\": …}, …}, found an array",
                problem("{\"model_id\":\"m\",\n \"features\":[1]}"));
        assertEquals("line 1, column 12: unknown field \"modelId\" (expected model_id, model_version, target, calls,"
                + " features, output_features, description)", problem("{\"modelId\":\"m\"}"));
        assertEquals("line 1, column 1: a baseline needs \"model_id\"", problem("{\"features\":{}}"));
        assertEquals("line 1, column 11: \"format\" must be \"predlog-baseline\"", problem("{\"format\":\"csv\"}"));
        assertEquals("line 1, column 40: unsupported version 2; this agent reads version 1",
                problem("{\"format\":\"predlog-baseline\",\"version\":2}"));
        assertEquals("line 1, column 44: feature \"x\": \"values\" must hold numbers only, found the string \"1\"",
                problem("{\"model_id\":\"m\",\"features\":{\"x\":{\"values\":[\"1\"]}}}"));
        assertEquals("line 1, column 33: feature \"x\" needs \"type\": \"numeric\" or \"categorical\", not \"number\"",
                problem("{\"model_id\":\"m\",\"features\":{\"x\":{\"type\":\"number\",\"values\":[1]}}}"));
        assertEquals("line 1, column 33: numeric feature \"x\": \"values\" is empty",
                problem("{\"model_id\":\"m\",\"features\":{\"x\":{\"type\":\"numeric\",\"values\":[]}}}"));
        assertEquals("line 1, column 70: count of \"DE\" must be a whole number from 0, found the number -1",
                problem("{\"model_id\":\"m\",\"features\":{\"c\":{\"type\":\"categorical\",\"counts\":{\"DE\":-1}}}}"));
        assertEquals("line 1, column 1: expected a JSON object: {\"format\":\"predlog-baseline\",\"version\":1,"
                + "\"baselines\":[…]} or a single baseline {\"model_id\":…,\"features\":{…}}", problem("[]"));
        assertTrue(problem("{\"model_id\":\"m\",\"model_id\":\"n\"}").contains("Duplicate field 'model_id'"));
        assertTrue(problem("").contains("expected a JSON object"));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.json");
        BaselineFileException e = assertThrows(BaselineFileException.class,
                () -> BaselineFiles.read(List.of(missing)));
        assertEquals("baseline file " + missing + ": no such file", e.getMessage());
    }

    @Test
    void aFileBaselineIsBinnedAsTheSettingsSay() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            values.append(i == 0 ? "" : ",").append(i);
        }
        Path p = file("q.json", "{\"model_id\":\"m\",\"features\":{\"x\":{\"type\":\"numeric\",\"values\":["
                + values + "]}}}");
        Baseline b = BaselineFiles.read(List.of(p), 4).find("t", "m", null);
        Baseline.NumericReference x = (Baseline.NumericReference) b.reference("x");
        assertEquals(3, x.edges().length);
        assertEquals(0.25, x.proportions()[0], 0.02);
    }
}
