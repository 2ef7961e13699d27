package org.opensirelay.soap;

import java.util.List;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.helpers.DOMUtils;
import org.opensirelay.contract.Fault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SOAP faults with the contract's {@code fault} element as detail: a reason code, a message, and
 * every violation. Client faults for what the caller must fix, Server faults for our own failures.
 */
final class SoapFaults {

    /** The fault string lists this many violations; the detail lists them all. */
    private static final int VIOLATIONS_IN_FAULT_STRING = 10;

    private static final JAXBContext CONTEXT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(Fault.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SoapFaults() {}

    static SoapFault client(SoapVersion version, FaultReason reason, String message) {
        return build(version, true, reason, message, List.of());
    }

    static SoapFault server(SoapVersion version, FaultReason reason, String message) {
        return build(version, false, reason, message, List.of());
    }

    static SoapFault invalidRequest(SoapVersion version, List<Violation> violations) {
        StringBuilder text = new StringBuilder("Request refused, nothing was stored: ")
                .append(violations.size())
                .append(violations.size() == 1 ? " violation of the contract: " : " violations of the contract: ");
        for (int i = 0; i < Math.min(VIOLATIONS_IN_FAULT_STRING, violations.size()); i++) {
            text.append(i == 0 ? "" : "; ").append(violations.get(i).message());
        }
        if (violations.size() > VIOLATIONS_IN_FAULT_STRING) {
            text.append("; and ")
                    .append(violations.size() - VIOLATIONS_IN_FAULT_STRING)
                    .append(" more in the fault detail");
        }
        return build(version, true, FaultReason.INVALID_REQUEST, text.toString(), violations);
    }

    private static SoapFault build(
            SoapVersion version, boolean client, FaultReason reason, String message, List<Violation> violations) {
        SoapFault fault = new SoapFault(message, client ? version.getSender() : version.getReceiver());
        Fault detail = new Fault();
        detail.setReason(reason.name());
        detail.setMessage(message);
        for (Violation v : violations) {
            org.opensirelay.contract.Violation out = new org.opensirelay.contract.Violation();
            out.setItem(v.item());
            out.setElement(v.element());
            out.setField(v.field());
            out.setRule(v.rule());
            out.setLimit(v.limit());
            out.setLength(v.length());
            out.setMessage(v.message());
            detail.getViolation().add(out);
        }
        Document document = DOMUtils.newDocument();
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.marshal(detail, document);
        } catch (JAXBException e) {
            throw new IllegalStateException("The fault detail cannot be written", e);
        }
        Element detailElement = fault.getOrCreateDetail();
        detailElement.appendChild(detailElement.getOwnerDocument().importNode(document.getDocumentElement(), true));
        return fault;
    }
}
