package org.opensirelay.soap;

import java.util.Arrays;
import java.util.List;

/** What the OpenSi endpoint is from outside: where it is published and which operations it answers itself. */
public final class SoapEndpoint {

    /** The endpoint's path below {@code cxf.path}. */
    public static final String PATH = "/opensi";

    private SoapEndpoint() {}

    /** Whether the relay answers this request element itself (the others are the shop's). */
    public static boolean answers(String namespace, String localName) {
        return Operation.byRequestElement(namespace, localName).isPresent();
    }

    /** The names of the operations the relay answers itself. */
    public static List<String> answeredOperations() {
        return Arrays.stream(Operation.values()).map(Operation::operationName).toList();
    }
}
