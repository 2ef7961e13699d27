package org.opensirelay.returns.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.opensirelay.returns.domain.MinorUnits;

/**
 * A required amount as decimal text: digits, optionally a point and up to 4 decimals, no exponent,
 * no sign. A JSON number is refused before this rule is asked: money is never a floating-point
 * number.
 */
@Documented
@Constraint(validatedBy = DecimalText.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface DecimalText {

    String message() default
            "must be decimal text such as \"12.50\", never a JSON number: money is never a floating-point number";

    String code() default "NOT_DECIMAL_TEXT";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<DecimalText, String> {

        private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,4})?");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return isAmount(value);
        }

        static boolean isAmount(String value) {
            return value != null && AMOUNT.matcher(value).matches();
        }

        /**
         * Why {@code amount} cannot be paid in {@code currency} (finer than its minor unit: 0.005 EUR),
         * or empty when it can — or when the amount or the currency broke its own rule, which is
         * reported on its own.
         */
        static Optional<String> minorUnitProblem(String amount, String currency) {
            if (!isAmount(amount) || !CurrencyCode.Check.known(currency)) {
                return Optional.empty();
            }
            return MinorUnits.problem(new BigDecimal(amount), currency);
        }
    }
}
