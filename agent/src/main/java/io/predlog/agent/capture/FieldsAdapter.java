package io.predlog.agent.capture;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Any other object: an object of its non-static, non-transient, non-synthetic fields, superclasses included,
 * keys sorted, read by reflection (getters, {@code toString} and {@code hashCode} are never called). A field
 * shadowed by a subclass's field of the same name is left out; fields the module system hides are left out and
 * make the value partial. {@code java.lang.Object} is {@code {}}. The last adapter of the registry: it accepts
 * every class.
 *
 * <p>A class with a field that holds a native pointer ({@link NativeHandles}) keeps its data behind that pointer:
 * its Java fields describe the native object (a shape, a capacity, an allocator), not the data, and hashing them
 * would give different data one hash. Its values are native state ({@link ValueAdapter.ForNativeState}) unless an
 * adapter earlier in the registry reads them.
 */
final class FieldsAdapter implements ValueAdapter {

    private final Member[] members;
    private final String[] names;
    private final boolean hidden;

    private FieldsAdapter(Member[] members, boolean hidden) {
        this.members = members;
        this.names = Member.names(members);
        this.hidden = hidden;
    }

    static ValueAdapter forType(Class<?> type) {
        List<Member> list = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        boolean hidden = false;
        boolean nativeWrapper = NativeHandles.isNativeWrapper(type);
        int handles = 0;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()
                        || seen.contains(f.getName())) {
                    continue; // a field shadowed by a subclass's field of the same name is left out
                }
                seen.add(f.getName());
                if (NativeHandles.isHandle(f, nativeWrapper)) {
                    handles++;
                } else if (f.trySetAccessible()) {
                    list.add(new Member(f.getName(), Member.primitiveCode(f.getType()), f, null));
                } else {
                    hidden = true;
                }
            }
        }
        if (handles > 0) {
            return ValueAdapter.ForNativeState.INSTANCE;
        }
        return new FieldsAdapter(Member.sorted(list), hidden);
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
            Field f = m.field;
            try {
                switch (m.primitive) {
                    case 'L' -> walk.fieldValue(i, m.name, readReference(f, value, walk));
                    case 'D' -> walk.doubleField(i, m.name, f.getDouble(value));
                    case 'F' -> walk.doubleField(i, m.name, f.getFloat(value));
                    case 'Z' -> walk.booleanField(i, m.name, f.getBoolean(value));
                    case 'C' -> walk.charField(i, f.getChar(value));
                    default -> walk.longField(i, m.name, f.getLong(value));
                }
            } catch (IllegalAccessException e) {
                walk.hiddenField(i);
            }
        }
        walk.endFields();
    }

    private static Object readReference(Field f, Object o, CanonicalWalker walk) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            walk.hidden();
            return null;
        }
    }
}
