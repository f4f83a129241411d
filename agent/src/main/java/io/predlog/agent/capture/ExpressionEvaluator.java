package io.predlog.agent.capture;

import io.predlog.agent.config.Expression;
import java.util.List;

/**
 * A compiled target expression ({@code "text"}, {@code argN}, {@code this}, {@code return}, then
 * {@code .name}, {@code .name()}, {@code .name("text")} segments), evaluated against one call. Members are
 * resolved once per runtime class and segment (a {@link ClassValue}) and then invoked directly.
 * Thread-safe.
 */
public final class ExpressionEvaluator {

    private final Expression expression;
    private final Segment[] segments;

    private ExpressionEvaluator(Expression expression) {
        this.expression = expression;
        List<Expression.Segment> list = expression.segments() == null ? List.of() : expression.segments();
        this.segments = new Segment[list.size()];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new Segment(list.get(i));
        }
    }

    public static ExpressionEvaluator compile(Expression expression) {
        if (expression == null || expression.root() == null) {
            throw new IllegalArgumentException("an expression needs a root: " + expression);
        }
        return new ExpressionEvaluator(expression);
    }

    /**
     * The expression's value for one call, which may be null (a null anywhere in the chain gives null).
     *
     * @throws Exception when a member does not exist or is not accessible, {@code argN} is out of range,
     *                   or an invoked method throws (its exception); the caller catches and warns once per target
     */
    public Object evaluate(Object self, Object[] args, Object returned) throws Exception {
        Object value = switch (expression.root()) {
            case LITERAL -> expression.literal();
            case THIS -> self;
            case RETURN -> returned;
            case ARG -> {
                int i = expression.argIndex();
                if (args == null || i < 0 || i >= args.length) {
                    throw new IndexOutOfBoundsException("'" + expression.text() + "': the method has "
                            + (args == null ? 0 : args.length) + " arguments");
                }
                yield args[i];
            }
        };
        for (Segment s : segments) {
            if (value == null) {
                return null;
            }
            value = s.members.get(value.getClass()).apply(value);
        }
        return value;
    }

    /** The expression as written. */
    public String text() {
        return expression.text();
    }

    @Override
    public String toString() {
        return "ExpressionEvaluator[" + expression.text() + "]";
    }

    private static final class Segment {
        final ClassValue<MemberAccess> members;

        Segment(Expression.Segment segment) {
            String name = segment.name();
            String arg = segment.stringArg();
            this.members = new ClassValue<>() {
                @Override
                protected MemberAccess computeValue(Class<?> type) {
                    return MemberAccess.resolve(type, name, arg);
                }
            };
        }
    }
}
