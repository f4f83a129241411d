package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class KeyNamesTest {

    private final KeyNames names = new KeyNames();

    @Test
    void equalNamesGetTheFirstArrayAndItsStrings() {
        String[] first = {new String("a"), new String("b")};
        assertSame(first, names.share(first));
        String[] second = {new String("a"), new String("b")};
        String[] shared = names.share(second);
        assertSame(first, shared);
        assertSame(first[0], shared[0]);
        assertArrayEquals(new String[] {"a", "b"}, second, "the argument is left as it was");
    }

    @Test
    void otherNamesOrderOrLengthAreAnotherKeySet() {
        String[] ab = names.share(new String[] {"a", "b"});
        assertNotSame(ab, names.share(new String[] {"b", "a"}));
        assertNotSame(ab, names.share(new String[] {"a"}));
        assertNotSame(ab, names.share(new String[] {"a", "b", "c"}));
        assertEquals(4, names.size());
    }

    @Test
    void pastTheBoundAnArrayIsUsedAsItIs() {
        for (int i = 0; i < KeyNames.MAX_KEY_SETS; i++) {
            names.share(new String[] {"k" + i});
        }
        assertEquals(KeyNames.MAX_KEY_SETS, names.size());
        String[] late = {"late"};
        assertSame(late, names.share(late));
        assertNotSame(late, names.share(new String[] {"late"}));
        assertEquals(KeyNames.MAX_KEY_SETS, names.size());
        String[] known = names.share(new String[] {"k7"});
        assertSame(known, names.share(new String[] {"k7"}), "key sets shared before the bound still are");
    }
}
