package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed method pattern (docs/CONFIGURATION.md): {@code ClassPattern#methodPattern} or
 * {@code ClassPattern#methodPattern(paramTypes)}; the instrumentation builds its matchers from it.
 *
 * <p>Matching is plain string work with no regular expressions and no allocation, because matchers run
 * for every class the JVM loads. Subtype matching (a named type matches its subtypes) is the matcher's job:
 * it applies {@link #matchesTypeName} to the type and to each of its supertypes.
 *
 * @param text           the pattern as written (trimmed)
 * @param classPattern   a binary class name ({@code Class.getName()} form) with {@code *} wildcards
 * @param methodPattern  a method name with {@code *} wildcards, {@code <init>} for constructors, or {@code <clinit>}
 *                       for the static initialiser (never with a parameter list)
 * @param parameterTypes the parameter filter as written ({@code String...} normalised to {@code String[]});
 *                       null when the pattern has no parentheses (any parameters match)
 */
public record MethodPattern(String text, String classPattern, String methodPattern, List<String> parameterTypes) {

    /** The method name of constructors. */
    public static final String CONSTRUCTOR = "<init>";
    /** The method name of a class's static initialiser. */
    public static final String TYPE_INITIALIZER = "<clinit>";
    /** Any one parameter type. */
    public static final String ANY_ONE = "*";
    /** Any remaining parameters, zero or more; only last. */
    public static final String ANY_REMAINING = "..";

    public MethodPattern {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(classPattern, "classPattern");
        Objects.requireNonNull(methodPattern, "methodPattern");
        parameterTypes = parameterTypes == null ? null : List.copyOf(parameterTypes);
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with a message of the form {@code bad method pattern 'x': reason}
     */
    public static MethodPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw bad(text == null ? "" : text, "the pattern is empty (expected Class#method)");
        }
        String trimmed = text.trim();
        int hash = trimmed.indexOf('#');
        if (hash < 0) {
            throw bad(trimmed, "missing '#' between class and method (expected Class#method)");
        }
        if (trimmed.indexOf('#', hash + 1) >= 0) {
            throw bad(trimmed, "more than one '#'");
        }
        String classPart = trimmed.substring(0, hash).trim();
        String rest = trimmed.substring(hash + 1).trim();
        String methodPart = rest;
        List<String> params = null;
        int open = rest.indexOf('(');
        int close = rest.indexOf(')');
        if (open >= 0) {
            if (!rest.endsWith(")")) {
                throw bad(trimmed, close < 0 ? "missing ')' after the parameter types"
                        : "unexpected text after ')'");
            }
            if (rest.indexOf('(', open + 1) >= 0 || close < open || close != rest.length() - 1) {
                throw bad(trimmed, "unbalanced parentheses");
            }
            methodPart = rest.substring(0, open).trim();
            params = parseParameters(trimmed, rest.substring(open + 1, rest.length() - 1));
        } else if (close >= 0) {
            throw bad(trimmed, "')' without '('");
        }
        checkClassPattern(trimmed, classPart);
        checkMethodPattern(trimmed, methodPart);
        if (TYPE_INITIALIZER.equals(methodPart) && params != null) {
            throw bad(trimmed, "a static initialiser takes no parameters: write " + classPart + "#<clinit>");
        }
        return new MethodPattern(trimmed, classPart, methodPart, params);
    }

    /**
     * Whether the class pattern names this loaded class or one of its supertypes (classes and interfaces): a
     * type the pattern applies to.
     */
    public boolean namesTypeOrSupertypeOf(Class<?> type) {
        return namesTypeOrSupertypeOf(type, new HashSet<>());
    }

    private boolean namesTypeOrSupertypeOf(Class<?> type, Set<Class<?>> seen) {
        if (type == null || !seen.add(type)) {
            return false;
        }
        if (matchesTypeName(type.getName())) {
            return true;
        }
        for (Class<?> anInterface : type.getInterfaces()) {
            if (namesTypeOrSupertypeOf(anInterface, seen)) {
                return true;
            }
        }
        return namesTypeOrSupertypeOf(type.getSuperclass(), seen);
    }

    /** Whether the class pattern matches a binary name as {@code Class.getName()} gives it (nested with {@code $}). */
    public boolean matchesTypeName(String binaryName) {
        return binaryName != null && Glob.matches(classPattern, binaryName);
    }

    /**
     * Whether the method pattern matches a method name. Constructors ({@code <init>}) and static initialisers
     * ({@code <clinit>}) match only the pattern of their own name: a wildcard such as {@code *} never selects them.
     */
    public boolean matchesMethodName(String name) {
        if (name == null) {
            return false;
        }
        if (name.startsWith("<")) {
            return name.equals(methodPattern) && (isConstructor() || isTypeInitializer());
        }
        return !isConstructor() && !isTypeInitializer() && Glob.matches(methodPattern, name);
    }

    /** Whether this pattern names constructors ({@code <init>}). */
    public boolean isConstructor() {
        return CONSTRUCTOR.equals(methodPattern);
    }

    /** Whether this pattern names the static initialiser ({@code <clinit>}). */
    public boolean isTypeInitializer() {
        return TYPE_INITIALIZER.equals(methodPattern);
    }

    /**
     * The parameter filter. {@code typeNames} are {@code Class.getTypeName()} forms ({@code java.util.Map},
     * {@code float[]}, {@code int}, {@code com.x.Outer$Inner}). A pattern type may be simple ({@code Map},
     * which matches a type of that simple name in any package) or fully qualified; {@code *} is any one type,
     * {@code ..} any remaining (zero or more). True when {@link #parameterTypes()} is null.
     */
    public boolean matchesParameters(List<String> typeNames) {
        if (parameterTypes == null) {
            return true;
        }
        if (typeNames == null) {
            return false;
        }
        int n = parameterTypes.size();
        for (int i = 0; i < n; i++) {
            String pattern = parameterTypes.get(i);
            if (ANY_REMAINING.equals(pattern)) {
                return true;
            }
            if (i >= typeNames.size() || !typeMatches(pattern, typeNames.get(i))) {
                return false;
            }
        }
        return typeNames.size() == n;
    }

    /**
     * The number of parameters the pattern requires when its list is exact (no {@code ..}), else -1.
     * Used to reject {@code argN} expressions that could never have a value.
     */
    public int exactParameterCount() {
        if (parameterTypes == null || parameterTypes.contains(ANY_REMAINING)) {
            return -1;
        }
        return parameterTypes.size();
    }

    @Override
    public String toString() {
        return text;
    }

    static boolean typeMatches(String pattern, String actual) {
        if (ANY_ONE.equals(pattern)) {
            return true;
        }
        int patternDims = arrayDimensions(pattern);
        if (patternDims != arrayDimensions(actual)) {
            return false;
        }
        String p = pattern.substring(0, pattern.length() - 2 * patternDims);
        String a = actual.substring(0, actual.length() - 2 * patternDims);
        if (p.indexOf('.') >= 0) {
            return a.equals(p) || a.replace('$', '.').equals(p.replace('$', '.'));
        }
        String simple = a.substring(a.lastIndexOf('.') + 1);
        if (simple.equals(p)) {
            return true;
        }
        // a nested type's simple name is what follows the last '$' (Outer$Inner -> Inner)
        return p.indexOf('$') < 0 && simple.substring(simple.lastIndexOf('$') + 1).equals(p);
    }

    private static int arrayDimensions(String type) {
        int dims = 0;
        int end = type.length();
        while (end >= 2 && type.charAt(end - 1) == ']' && type.charAt(end - 2) == '[') {
            dims++;
            end -= 2;
        }
        return dims;
    }

    private static List<String> parseParameters(String text, String inside) {
        List<String> result = new ArrayList<>();
        if (inside.isBlank()) {
            return result;
        }
        String[] pieces = inside.split(",", -1);
        for (int i = 0; i < pieces.length; i++) {
            String type = pieces[i].trim();
            if (type.isEmpty()) {
                throw bad(text, "parameter " + (i + 1) + " is empty");
            }
            if (ANY_REMAINING.equals(type)) {
                if (i != pieces.length - 1) {
                    throw bad(text, "'..' (any remaining parameters) must be the last parameter");
                }
            } else if (!ANY_ONE.equals(type)) {
                if (type.endsWith("...")) {
                    type = type.substring(0, type.length() - 3).trim() + "[]";
                }
                checkParameterType(text, type);
            }
            result.add(type);
        }
        return result;
    }

    private static void checkParameterType(String text, String type) {
        if (type.indexOf('<') >= 0) {
            throw bad(text, "parameter type '" + type + "' has type arguments; write the erased type, e.g. 'List'");
        }
        if (type.indexOf('*') >= 0) {
            throw bad(text, "parameter type '" + type + "': '*' stands alone for any one type");
        }
        String base = type.substring(0, type.length() - 2 * arrayDimensions(type));
        if (!isQualifiedName(base, false)) {
            throw bad(text, "'" + type + "' is not a type name");
        }
    }

    private static void checkClassPattern(String text, String classPart) {
        if (classPart.isEmpty()) {
            throw bad(text, "class name is empty");
        }
        if (!isQualifiedName(classPart, true)) {
            throw bad(text, "'" + classPart + "' is not a class name (letters, digits, '_', '$', '.', '*')");
        }
    }

    private static void checkMethodPattern(String text, String methodPart) {
        if (methodPart.isEmpty()) {
            throw bad(text, "method name is empty");
        }
        if (CONSTRUCTOR.equals(methodPart) || TYPE_INITIALIZER.equals(methodPart)) {
            return;
        }
        for (int i = 0; i < methodPart.length(); i++) {
            char c = methodPart.charAt(i);
            if (c != '*' && !Character.isJavaIdentifierPart(c)) {
                throw bad(text, "'" + methodPart + "' is not a method name (use <init> for constructors, <clinit> for"
                        + " the static initialiser)");
            }
        }
    }

    /** Dot-separated identifiers ({@code $} allowed), optionally with {@code *} wildcards. */
    private static boolean isQualifiedName(String name, boolean wildcards) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean segmentStart = i == 0 || name.charAt(i - 1) == '.';
            boolean ok = c == '.' || (wildcards && c == '*')
                    || (segmentStart ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String text, String reason) {
        return new IllegalArgumentException("bad method pattern '" + text + "': " + reason);
    }
}
