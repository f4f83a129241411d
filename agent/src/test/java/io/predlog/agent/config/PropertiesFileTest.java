package io.predlog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.predlog.agent.config.PropertiesFile.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertiesFileTest {

    @Test
    void keepsTheLineOnWhichEachKeyStarts() {
        List<Entry> entries = PropertiesFile.parse("""
                # comment
                ! also a comment
                a=1

                b : 2
                c 3
                """);
        assertEquals(List.of(new Entry("a", "1", 3), new Entry("b", "2", 5), new Entry("c", "3", 6)), entries);
    }

    @Test
    void continuationLinesJoinAndCountTowardsLaterLineNumbers() {
        List<Entry> entries = PropertiesFile.parse("sinks=file,\\\n    stdout\nnext=x\n");
        assertEquals(List.of(new Entry("sinks", "file,stdout", 1), new Entry("next", "x", 3)), entries);
    }

    @Test
    void escapesInKeysAndValuesAreDecodedAsJavaPropertiesDoes() {
        List<Entry> entries = PropertiesFile.parse("my\\ key=a\\tb\\u0041\\\\#notacomment\nk=\\=v\n");
        assertEquals(List.of(new Entry("my key", "a\tbA\\#notacomment", 1), new Entry("k", "=v", 2)), entries);
    }

    @Test
    void windowsLineEndingsAndByteOrderMarkAreHandled() {
        assertEquals(List.of(new Entry("a", "1", 1), new Entry("b", "2", 2)),
                PropertiesFile.parse("\uFEFFa=1\r\nb=2\r\n"));
    }

    @Test
    void aKeyWithoutValueHasAnEmptyValue() {
        assertEquals(List.of(new Entry("alone", "", 1)), PropertiesFile.parse("alone\n"));
    }

    @Test
    void valuesKeepTheirContentAfterTheFirstSeparator() {
        assertEquals(List.of(new Entry("p", "com.x.M#m(String, int)", 1)),
                PropertiesFile.parse("p = com.x.M#m(String, int)"));
        assertEquals(List.of(new Entry("r", "arg0.get(\"a=b: c\")", 1)), PropertiesFile.parse("r=arg0.get(\"a=b: c\")"));
    }
}
