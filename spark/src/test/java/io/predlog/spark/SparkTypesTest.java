package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.Test;

import io.predlog.cli.query.EventsView;

class SparkTypesTest {

    @Test
    void scalarsListsAndMaps() {
        assertEquals("STRING", SparkTypes.of("VARCHAR"));
        assertEquals("STRING", SparkTypes.of("JSON"));
        assertEquals("INT", SparkTypes.of("INTEGER"));
        assertEquals("ARRAY<BIGINT>", SparkTypes.of("BIGINT[]"));
        assertEquals("MAP<STRING, DOUBLE>", SparkTypes.of("MAP(VARCHAR, DOUBLE)"));
    }

    @Test
    void structsKeepTheirNamesQuotedOrNot() {
        assertEquals("ARRAY<STRUCT<`type`: STRING, `values`: MAP<STRING, DOUBLE>, `shape`: ARRAY<BIGINT>>>",
                SparkTypes.of("STRUCT(type VARCHAR, \"values\" MAP(VARCHAR, DOUBLE), shape BIGINT[])[]"));
    }

    @Test
    void everyColumnOfTheEventsViewIsATypeSparkReads() {
        for (var c : EventsView.COLUMNS) {
            DataType parsed = DataType.fromDDL(SparkTypes.of(c.type()));
            assertTrue(parsed != null, c.name());
        }
    }

    @Test
    void anUnknownTypeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTypes.of("STRUCT(a HUGEINT)"));
        assertEquals("unknown type at 16 of the type STRUCT(a HUGEINT)", e.getMessage());
    }
}
