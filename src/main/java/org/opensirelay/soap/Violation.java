package org.opensirelay.soap;

/**
 * One broken rule of the contract in a refused request.
 *
 * @param item    1-based position of the item among the request's items, or null for the request itself
 * @param element the item element (OrderReturnDocument, Comment) or request element holding the field
 * @param field   the field concerned
 * @param rule    required, maxLength, minLength, pattern, type, unexpected or schema
 * @param limit   the limit of the rule (a length, a pattern, a type), or null
 * @param length  the length seen, for length rules, or null
 * @param message a sentence for a person
 */
record Violation(
        Integer item, String element, String field, String rule, String limit, Integer length, String message) {

    /** A violation whose message starts with where it is, as {@code Comment[2]/CommentId ...}. */
    static Violation at(
            Integer item, String element, String field, String rule, String limit, Integer length, String says) {
        String path = (item == null ? element : element + "[" + item + "]") + "/" + field;
        return new Violation(item, element, field, rule, limit, length, path + " " + says);
    }
}
