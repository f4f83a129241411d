package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.expected.CanonicalJson;
import io.predlog.agenttests.fixtures.inputs.Applicant;
import io.predlog.agenttests.fixtures.inputs.InputModel;
import io.predlog.agenttests.fixtures.inputs.Inputs;
import io.predlog.agenttests.fixtures.inputs.InputsApp;
import io.predlog.agenttests.fixtures.inputs.Transaction;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Structure and numbers only — type, fields, sizes, numeric statistics — and
 * never a raw string.
 */
class InputCharacteristicsTest {

    private static final double EPSILON = 1e-6;

    private static Path config;
    private static JvmRun run;

    @BeforeAll
    static void predictOnEveryInputShape() {
        config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + InputModel.class.getName() + "#predict",
                "predlog.predict.embed = " + InputModel.class.getName() + "#embed");
        run = AgentJvm.main(InputsApp.class).agentArgs("config=" + config).run().assertSucceeded();
    }

    @Test
    void aMapHasItsFieldNamesSizeAndNumericValues() {
        JsonNode input = input("java.util.TreeMap");
        assertEquals(18, input.path("num_fields").asInt());
        assertEquals(new ArrayList<>(new TreeSet<>(Inputs.features().keySet())), texts(input.path("field_names")));
        assertEquals(CanonicalJson.bytes(Inputs.features()).length, input.path("total_size_bytes").asLong());
        assertEquals(0.5, input.path("values").path("f00").asDouble());
        assertEquals(42.0, input.path("values").path("f02").asDouble());
        assertEquals(-7.75, input.path("values").path("f13").asDouble());
    }

    @Test
    void anObjectHasItsFieldsAndTopLevelNumbersButNoStrings() {
        JsonNode transaction = input(Transaction.class.getName());
        assertEquals(List.of("amount", "codes", "currency", "id", "risk"), texts(transaction.path("field_names")));
        assertEquals(5, transaction.path("num_fields").asInt());
        assertEquals(12.5, transaction.path("values").path("amount").asDouble());
        assertEquals(7, transaction.path("values").path("id").asLong());
        assertFalse(transaction.path("values").has("currency"), "strings are never values");

        JsonNode applicant = input(Applicant.class.getName());
        assertEquals(List.of("age", "income", "name", "tags"), texts(applicant.path("field_names")));
        assertEquals(41, applicant.path("values").path("age").asInt());
        assertFalse(applicant.path("values").has("name"));
    }

    @Test
    void anArrayHasLengthAndStatisticsThatSkipNaN() {
        JsonNode doubles = input("double[]");
        assertEquals(4, doubles.path("list_length").asInt());
        assertEquals(1, doubles.path("nan_count").asInt());
        assertEquals(-2.0, doubles.path("min").asDouble());
        assertEquals(3.0, doubles.path("max").asDouble());
        assertEquals((1.0 + 3.0 - 2.0) / 3, doubles.path("mean").asDouble(), EPSILON);
        assertTrue(doubles.has("item_types"), doubles.toString());

        JsonNode floats = input("float[]");
        float[] v = Inputs.vector();
        assertEquals(v.length, floats.path("list_length").asInt());
        assertEquals(-2.5, floats.path("min").asDouble(), EPSILON);
        assertEquals(3.0, floats.path("max").asDouble(), EPSILON);
        assertEquals(((double) v[0] + v[1] + v[2] + v[3]) / 4, floats.path("mean").asDouble(), EPSILON);
        assertEquals(0, floats.path("nan_count").asInt());
    }

    @Test
    void aNestedArrayHasItsShape() {
        JsonNode matrix = input("float[][]");
        assertEquals(List.of(2, 3), List.of(matrix.path("shape").path(0).asInt(), matrix.path("shape").path(1).asInt()));
        assertEquals(2, matrix.path("shape").size());
    }

    @Test
    void aStringHasItsLengthInUtf16UnitsAndUtf8Bytes() {
        JsonNode args = run.events().named("prediction_success").target("model")
                .where(e -> e.path("input").has("args")).single().path("input").path("args");
        assertEquals(2, args.size(), "one object per argument");
        JsonNode user = args.path(0);
        assertEquals("java.lang.String", user.path("type").asText());
        assertEquals(Inputs.userId().length(), user.path("length").asInt(), "zoë-1 is 5 UTF-16 units");
        assertEquals(6, user.path("bytes").asInt(), "and 6 UTF-8 bytes");
    }

    @Test
    void inputValuesFalseLeavesTheValuesOut() {
        JvmRun quiet = AgentJvm.main(InputsApp.class).agentArgs("config=" + config + ",input.values=false").run()
                .assertSucceeded();
        JsonNode input = quiet.events().named("prediction_success").target("model").inputType("java.util.TreeMap")
                .single().path("input");
        assertEquals(18, input.path("num_fields").asInt(), "structure stays");
        assertFalse(input.has("values"), "values are off: " + input);
    }

    private static JsonNode input(String type) {
        return run.events().named("prediction_success").target("model").inputType(type).single().path("input");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
