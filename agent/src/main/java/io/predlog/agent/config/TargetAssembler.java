package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the effective {@code predlog.<kind>.*} settings into validated {@link TargetSpec}s, reporting every
 * bad name, pattern, expression, misplaced or orphan sub-key against the key that caused it.
 */
final class TargetAssembler {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** The settings of one target, gathered before validation. */
    private static final class Draft {
        Setting pattern;
        final Map<TargetProperty, Setting> properties = new EnumMap<>(TargetProperty.class);
    }

    private TargetAssembler() {
    }

    /** The kind a key belongs to ({@code predlog.predict}, {@code predlog.predict.x...}), or null for other keys. */
    static TargetKind kindOf(String key) {
        for (TargetKind kind : TargetKind.values()) {
            String base = ConfigKeys.PREFIX + kind.key();
            if (key.equals(base) || key.startsWith(base + ".")) {
                return kind;
            }
        }
        return null;
    }

    /** The target name in a target key, or null when it has none. */
    static String nameOf(String key) {
        TargetKind kind = kindOf(key);
        if (kind == null) {
            return null;
        }
        String base = ConfigKeys.PREFIX + kind.key() + ".";
        if (key.length() <= base.length()) {
            return null;
        }
        String rest = key.substring(base.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Builds the targets from the target settings ({@link #kindOf} non-null), ordered by kind, then name. */
    static List<TargetSpec> assemble(List<Setting> settings, Problems problems) {
        Map<TargetKind, Map<String, Draft>> drafts = new EnumMap<>(TargetKind.class);
        for (Setting s : settings) {
            collect(s, drafts, problems);
        }
        List<TargetSpec> targets = new ArrayList<>();
        for (Map.Entry<TargetKind, Map<String, Draft>> byKind : drafts.entrySet()) {
            for (Map.Entry<String, Draft> e : byKind.getValue().entrySet()) {
                TargetSpec spec = build(byKind.getKey(), e.getKey(), e.getValue(), problems);
                if (spec != null) {
                    targets.add(spec);
                }
            }
        }
        targets.sort(Comparator.comparing(TargetSpec::kind).thenComparing(TargetSpec::name));
        return targets;
    }

    private static void collect(Setting s, Map<TargetKind, Map<String, Draft>> drafts, Problems problems) {
        TargetKind kind = kindOf(s.key());
        String base = ConfigKeys.PREFIX + kind.key();
        if (s.key().equals(base)) {
            problems.error(s, "a " + kind.key() + " target needs a name: " + base + ".<name>=Class#method");
            return;
        }
        String rest = s.key().substring(base.length() + 1);
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String sub = dot < 0 ? null : rest.substring(dot + 1);
        if (!NAME.matcher(name).matches()) {
            problems.error(s, "bad target name '" + name + "': use letters, digits, '_' and '-' only");
            return;
        }
        Draft draft = drafts.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(name, n -> new Draft());
        if (sub == null) {
            draft.pattern = s;
            return;
        }
        TargetProperty property = TargetProperty.fromKey(sub);
        String accepted = "a " + kind.key() + " target takes " + String.join(", ", TargetProperty.keysFor(kind));
        if (property == null) {
            List<String> all = new ArrayList<>();
            for (TargetProperty p : TargetProperty.values()) {
                all.add(p.key());
            }
            String suggestion = Suggestions.closest(sub, all);
            problems.error(s, "unknown target key '" + sub + "'"
                    + (suggestion == null ? "" : " (did you mean " + suggestion + "?)") + "; " + accepted);
        } else if (!property.appliesTo(kind)) {
            List<String> kinds = property.kinds().stream().map(TargetKind::key).toList();
            problems.error(s, property.key() + " is only valid on " + String.join(" and ", kinds)
                    + " targets; " + accepted);
        } else {
            draft.properties.put(property, s);
        }
    }

    private static TargetSpec build(TargetKind kind, String name, Draft draft, Problems problems) {
        if (draft.pattern == null) {
            for (Setting orphan : draft.properties.values()) {
                problems.error(orphan, "target '" + name + "' has no method pattern: set "
                        + ConfigKeys.PREFIX + kind.key() + "." + name + "=Class#method");
            }
            return null;
        }
        MethodPattern pattern;
        try {
            pattern = MethodPattern.parse(draft.pattern.value());
        } catch (IllegalArgumentException e) {
            problems.error(draft.pattern, e.getMessage());
            return null;
        }
        if (pattern.isTypeInitializer() && kind != TargetKind.LOAD) {
            problems.error(draft.pattern, "bad method pattern '" + pattern.text() + "': only a load target may name"
                    + " a static initialiser (<clinit>): " + ConfigKeys.PREFIX + "load." + name + "=" + pattern.text());
            return null;
        }
        Map<TargetProperty, Expression> expressions = new EnumMap<>(TargetProperty.class);
        boolean ok = true;
        double sampleSuccess = Double.NaN;
        for (Map.Entry<TargetProperty, Setting> e : draft.properties.entrySet()) {
            if (e.getKey() == TargetProperty.SAMPLE_SUCCESS) {
                try {
                    sampleSuccess = ValueType.parseFraction(e.getValue().value());
                } catch (IllegalArgumentException bad) {
                    problems.error(e.getValue(), bad.getMessage());
                    ok = false;
                }
                continue;
            }
            Expression expression = expression(kind, pattern, e.getValue(), problems);
            if (expression == null) {
                ok = false;
            } else {
                expressions.put(e.getKey(), expression);
            }
        }
        if (!ok) {
            return null;
        }
        return new TargetSpec(kind, name, pattern, expressions.get(TargetProperty.MODEL_ID),
                expressions.get(TargetProperty.MODEL_VERSION), expressions.get(TargetProperty.INPUT),
                expressions.get(TargetProperty.REQUEST_ID), sampleSuccess);
    }

    private static Expression expression(TargetKind kind, MethodPattern pattern, Setting s, Problems problems) {
        Expression expression;
        try {
            expression = Expression.parse(s.value());
        } catch (IllegalArgumentException e) {
            problems.error(s, e.getMessage());
            return null;
        }
        if (pattern.isTypeInitializer() && expression.root() != Expression.Root.LITERAL) {
            problems.error(s, "a static initialiser (" + pattern.text() + ") has no 'this', arguments or return"
                    + " value: give a literal such as \"fraud\", or name the constructor or method that loads");
            return null;
        }
        if (expression.root() == Expression.Root.RETURN && kind != TargetKind.LOAD) {
            problems.error(s, "'return' is only available on load targets (the loaded or constructed object);"
                    + " on a " + kind.key() + " target use argN or this");
            return null;
        }
        int count = pattern.exactParameterCount();
        if (expression.root() == Expression.Root.ARG && count >= 0 && expression.argIndex() >= count) {
            problems.error(s, "arg" + expression.argIndex() + " does not exist: the pattern '" + pattern.text()
                    + "' takes " + (count == 0 ? "no parameters" : count + " parameter" + (count == 1 ? "" : "s")));
            return null;
        }
        return expression;
    }
}
