package org.opensirelay.soap;

import javax.xml.namespace.QName;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.wss4j.dom.WSConstants;

/**
 * Faults raised by WS-Security (wrong password, replayed nonce, expired token or timestamp) keep
 * their WS-Security fault code and get the contract's detail with reason {@code WS_SECURITY}, in the
 * audit too.
 */
final class SecurityFaultInterceptor extends AbstractSoapInterceptor {

    /** WSS4J's own fault codes ("SecurityError"), used instead of the wsse: ones to reveal less. */
    private static final String WSS4J_NS = "http://ws.apache.org/wss4j";

    SecurityFaultInterceptor() {
        super(Phase.PRE_LOGICAL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        InboundRequest request = InboundRequest.of(message);
        if (request.outcome != null || !(message.getContent(Exception.class) instanceof Fault fault)) {
            return;
        }
        QName code = fault.getFaultCode();
        boolean wsSecurity = code != null
                && (WSConstants.WSSE_NS.equals(code.getNamespaceURI())
                        || WSConstants.WSSE11_NS.equals(code.getNamespaceURI())
                        || WSS4J_NS.equals(code.getNamespaceURI()));
        if (!wsSecurity) {
            return;
        }
        String text = "WS-Security: " + fault.getMessage();
        // The caller gets WSS4J's deliberately vague message; the audit keeps the precise one.
        Throwable cause = fault.getCause();
        request.refused(
                FaultReason.WS_SECURITY,
                cause == null || cause.getMessage() == null ? text : text + " (" + cause.getMessage() + ")");
        SoapFault withDetail = SoapFaults.client(message.getVersion(), FaultReason.WS_SECURITY, text);
        fault.setMessage(text);
        fault.setDetail(withDetail.getDetail());
    }
}
