package org.opensirelay.returns.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A required true or false. */
@Documented
@Constraint(validatedBy = Flag.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Flag {

    String message() default "must be true or false";

    String code() default "INVALID_FIELD";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Flag, Boolean> {

        @Override
        public boolean isValid(Boolean value, ConstraintValidatorContext context) {
            return value != null;
        }
    }
}
