package io.predlog.agent.capture;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * A record: an object of its components, keys sorted, each read by calling its accessor (the one kind of
 * application method docs/HASHING.md allows). An accessor that throws is written as {@code null} and makes the
 * value partial; a component whose accessor the module system hides is left out (partial).
 */
final class RecordAdapter implements ValueAdapter {

    private final Member[] members;
    private final String[] names;
    private final boolean hidden;

    private RecordAdapter(Member[] members, boolean hidden) {
        this.members = members;
        this.names = Member.names(members);
        this.hidden = hidden;
    }

    static ValueAdapter forType(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        List<Member> list = new ArrayList<>();
        boolean hidden = false;
        for (RecordComponent rc : type.getRecordComponents()) {
            Method accessor = rc.getAccessor();
            if (accessor.trySetAccessible()) {
                list.add(new Member(rc.getName(), 'L', null, accessor));
            } else {
                hidden = true;
            }
        }
        return new RecordAdapter(Member.sorted(list), hidden);
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        if (!walk.enterObject(value)) {
            return;
        }
        if (hidden) {
            walk.hidden();
        }
        walk.beginFields(members.length, names);
        for (int i = 0; i < members.length; i++) {
            Member m = members[i];
            walk.key(i, m.key);
            Object v;
            try {
                v = m.accessor.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                walk.hidden(); // the component is written as null
                v = null;
            }
            walk.fieldValue(i, m.name, v);
        }
        walk.endFields();
    }
}
