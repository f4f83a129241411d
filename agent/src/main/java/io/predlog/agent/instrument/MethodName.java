package io.predlog.agent.instrument;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the advice parameter that receives the woven method's name, {@code fully.qualified.Class#method} (the class
 * being woven, which declares the method; {@code <init>} for a constructor, {@code <clinit>} for a static
 * initialiser), bound as a string constant when the advice is woven ({@link AdviceTypes#withTargetId}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface MethodName {
}
