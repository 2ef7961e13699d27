package org.opensirelay.support;

/** An order of two lines (a mug, 2 units; a plate) delivered on 2026-11-10, and return requests of it. */
public final class ReturnFixtures {

    public static final String ORDER = """
            {"orderNumber": "CC20050001", "customer": {"name": "Ada Lovelace", "email": "ada@example.org"},
             "paid": true, "shipped": true, "deliveredAt": "2026-11-10", "currency": "EUR",
             "lines": [{"lineId": "1", "reference": "SKU-A", "gtin": "3760000000011", "title": "Mug", "quantity": 2,
                        "unitPrice": "12.50", "unitTax": "2.50"},
                       {"lineId": "2", "reference": "SKU-B", "title": "Plate", "quantity": 1, "unitPrice": "20.00", "unitTax": "4.00"}]}""";

    private ReturnFixtures() {}

    /**
     * Registers {@link #ORDER} as WEB-1 of SHOP1 and requests a return of these lines through
     * {@code shop} (the website's API token); the return's number.
     */
    public static String requestedReturn(JsonHttp shop, String lines) {
        shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ORDER);
        return shop.post("/api/v1/websites/SHOP1/returns", returnOf(lines))
                .json()
                .get("webReturnNumber")
                .asString();
    }

    /** A return request of order WEB-1 from the shop, with these lines (JSON objects). */
    public static String returnOf(String lines) {
        return "{\"webOrderNumber\": \"WEB-1\", \"source\": \"shop\", \"reason\": \"Trop petit\", \"lines\": [" + lines
                + "]}";
    }
}
