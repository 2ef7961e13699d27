package org.opensirelay.soap;

import javax.xml.stream.XMLInputFactory;

import com.ctc.wstx.api.WstxInputProperties;
import org.apache.cxf.staxutils.StaxUtils;

/**
 * The StAX reader factory of the OpenSi endpoint: CXF's secure defaults (no DTD, no external
 * entities) with every {@code relay.xml.*} limit set on the factory itself. CXF can also set limits
 * on each reader after it is created, but Woodstox has by then copied its attribute limits (count and
 * size) into the reader's attribute collector, so those two would silently stay at Woodstox's own
 * defaults (500 attributes): set on the factory, every limit applies from the first byte.
 */
public final class LimitedXmlInputFactory {

    private LimitedXmlInputFactory() {}

    public static XMLInputFactory create(XmlLimits limits) {
        XMLInputFactory factory = StaxUtils.createXMLInputFactory(true);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, limits.maxElements());
        factory.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, limits.maxChildElements());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributes());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxAttributeSize());
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextLength());
        return factory;
    }
}
