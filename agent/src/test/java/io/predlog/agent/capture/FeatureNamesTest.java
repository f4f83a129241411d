package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class FeatureNamesTest {

    private final FeatureNames names = new FeatureNames();

    @Test
    void namesFollowTheFieldTheArgumentAndWhetherItHoldsElements() {
        assertEquals("$", names.name(null, -1, false));
        assertEquals("[*]", names.name(null, -1, true));
        assertEquals("arg2", names.name(null, 2, false));
        assertEquals("arg2[*]", names.name(null, 2, true));
        assertEquals("arg40[*]", names.name(null, 40, true));
        assertEquals("amount", names.name("amount", -1, false));
        assertEquals("amount[*]", names.name("amount", -1, true));
        assertEquals("arg1.amount", names.name("amount", 1, false));
        assertEquals("arg1.amount[*]", names.name("amount", 1, true));
    }

    @Test
    void aDerivedNameIsMadeOncePerField() {
        String first = names.name("amount", 0, true);
        assertSame(first, names.name(new String("amount"), 0, true));
        assertSame("amount", names.name("amount", -1, false), "a plain field is named by its own key");
    }
}
