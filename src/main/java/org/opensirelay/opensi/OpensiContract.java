package org.opensirelay.opensi;

import java.util.List;
import javax.xml.namespace.QName;

/**
 * Names from the OpenSi connector contract (see src/main/resources/wsdl/opensi.wsdl), in a package of
 * their own: the endpoint, the shop clients and the demo shop all speak the contract, none through another.
 */
public final class OpensiContract {

    /** WSDL target namespace: wrappers, Header, Website_Code, item elements, return, fault. */
    public static final String NS = "http://www.opensi.fr";
    /** Item types and their fields. */
    public static final String TYPES_NS = "http://www.opensi.fr/xsd";

    public static final QName SERVICE = new QName(NS, "opensiService");
    public static final QName PORT = new QName(NS, "opensiPort");
    /** The SOAP header element holding the connector key. */
    public static final String HEADER_ELEMENT = "Header";

    public static final QName HEADER = new QName(NS, HEADER_ELEMENT);
    public static final String HEADER_KEY = "key";
    public static final String WEBSITE_CODE = "Website_Code";

    /** Served as ?wsdl; its schemas sit beside it on the classpath (copied from xsd/ at build time). */
    public static final String WSDL_LOCATION = "classpath:wsdl/opensi.wsdl";
    /** The message schema; it imports the item types schema. */
    public static final String SCHEMA_LOCATION = "wsdl/opensi.xsd";
    /** The item types schema, imported by the message schema. */
    public static final String TYPES_SCHEMA_LOCATION = "wsdl/opensi-types.xsd";

    /**
     * The 31 operations of the real contract, as a shop module serves them on one URL; each request
     * element is {@code <operation>Request} in {@link #NS}. The relay answers some itself and passes
     * the others through to the website's shop connector.
     */
    public static final List<String> OPERATIONS = List.of(
            "getOrderReturns",
            "setOrderReturnStates",
            "setOrderReturnDocuments",
            "setComments",
            "getOrderCreditNotes",
            "getOrders",
            "getOrdersUpdate",
            "getOrdersBalanced",
            "getBankTransactions",
            "setStates",
            "setOrderShipments",
            "setOrderTrackingCodes",
            "setInvoices",
            "setDeliveryNotes",
            "setShippingMethods",
            "getProducts",
            "getProductsUpdate",
            "getProductComponents",
            "getProductImages",
            "getProductSupplierReferences",
            "getInventory",
            "getPublication",
            "getPrices",
            "setStocks",
            "setPrices",
            "setProductsLogistic",
            "setProductSupplierReferences",
            "getCustomers",
            "setCustomers",
            "getVersion",
            "getDatetime");

    /** The suffix of every request element's local name. */
    public static final String REQUEST_SUFFIX = "Request";

    private OpensiContract() {}
}
