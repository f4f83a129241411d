package io.predlog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.predlog.agent.config.Expression.Root;
import io.predlog.agent.config.Expression.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {

    @Test
    void literalIsUnquoted() {
        Expression e = Expression.parse("\"v1\"");
        assertEquals(Root.LITERAL, e.root());
        assertEquals("v1", e.literal());
        assertEquals(-1, e.argIndex());
        assertEquals(List.of(), e.segments());
    }

    @Test
    void literalUnescapesQuotesAndBackslashes() {
        Expression e = Expression.parse("\"a \\\"quoted\\\" \\\\ path\"");
        assertEquals("a \"quoted\" \\ path", e.literal());
    }

    @Test
    void emptyLiteralIsAllowed() {
        assertEquals("", Expression.parse("\"\"").literal());
    }

    @Test
    void argRootCarriesItsIndex() {
        Expression e = Expression.parse("arg12");
        assertEquals(Root.ARG, e.root());
        assertEquals(12, e.argIndex());
        assertNull(e.literal());
        assertEquals(List.of(), e.segments());
    }

    @Test
    void thisWithAFieldOrGetterSegment() {
        Expression e = Expression.parse("this.version");
        assertEquals(Root.THIS, e.root());
        assertEquals(-1, e.argIndex());
        assertEquals(List.of(new Segment("version", false, null)), e.segments());
    }

    @Test
    void returnWithACall() {
        Expression e = Expression.parse("return.name()");
        assertEquals(Root.RETURN, e.root());
        assertEquals(List.of(new Segment("name", true, null)), e.segments());
    }

    @Test
    void chainWithAStringArgument() {
        Expression e = Expression.parse("arg0.getRequestHeaders().getFirst(\"X-Request-ID\")");
        assertEquals(Root.ARG, e.root());
        assertEquals(0, e.argIndex());
        assertEquals(List.of(new Segment("getRequestHeaders", true, null),
                new Segment("getFirst", true, "X-Request-ID")), e.segments());
    }

    @Test
    void stringArgumentMayContainEscapedQuotesCommasDotsAndParentheses() {
        Expression e = Expression.parse("this.meta.get(\"a \\\"b\\\", c.d(e)\")");
        assertEquals(List.of(new Segment("meta", false, null), new Segment("get", true, "a \"b\", c.d(e)")),
                e.segments());
    }

    @Test
    void whitespaceBetweenTokensIsAllowedAndTextIsTrimmed() {
        Expression e = Expression.parse("  arg1 . headers ( ) . get ( \"k\" )  ");
        assertEquals("arg1 . headers ( ) . get ( \"k\" )", e.text());
        assertEquals(List.of(new Segment("headers", true, null), new Segment("get", true, "k")), e.segments());
    }

    @Test
    void longChainsKeepTheirOrder() {
        Expression e = Expression.parse("this.a.b().c.d(\"x\").e");
        assertEquals(List.of("a", "b", "c", "d", "e"), e.segments().stream().map(Segment::name).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                     | the expression is empty",
        "'   '                  | the expression is empty",
        "foo.bar                | 'foo' is not a root",
        "arg                    | 'arg' is not a root",
        "argx                   | 'argx' is not a root",
        "arg255                 | at most 255 arguments",
        "arg0.                  | expected a member name after '.' at the end",
        "arg0..x                | expected a member name after '.'",
        "this x                 | expected '.'",
        "arg0.get(              | missing ')'",
        "arg0.get(1)            | the only argument allowed",
        "arg0.get(\"a\", \"b\") | at most one",
        "arg0.get(\"a\"         | missing ')'",
        "\"abc                  | unterminated string",
        "arg0.get(\"abc)        | unterminated string",
        "\"a\\nb\"              | unknown escape",
        "\"v1\".length()        | a literal takes no segments",
        "this.1x                | expected a member name",
        "this-version           | expected '.'",
    })
    void malformedExpressionsAreRejectedWithTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expression.parse(text));
        assertTrue(e.getMessage().startsWith("bad expression '"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void quoteIsTheInverseOfLiteralParsing() {
        String raw = "he said \"hi\" \\ bye";
        assertEquals(raw, Expression.parse(Expression.quote(raw)).literal());
    }

    @Test
    void segmentsAreImmutable() {
        Expression e = Expression.parse("this.a");
        assertThrows(UnsupportedOperationException.class, () -> e.segments().add(new Segment("b", false, null)));
    }
}
