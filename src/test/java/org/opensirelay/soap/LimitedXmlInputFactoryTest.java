package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every relay.xml limit holds in the reader the endpoint uses, at the limit and one past it (over
 * real HTTP: the generate-*-limit cases of the hostile corpus).
 */
@Tag("unit")
class LimitedXmlInputFactoryTest {

    private static final XmlLimits LIMITS = new XmlLimits(4096, 6, 30, 5, 3, 10, 20, Duration.ofSeconds(10));
    private static final XMLInputFactory FACTORY = LimitedXmlInputFactory.create(LIMITS);

    private static void read(String xml) throws XMLStreamException {
        XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
        while (reader.hasNext()) {
            reader.next();
        }
    }

    private static String attributes(int count, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(" a").append(i).append("=\"").append("v".repeat(size)).append('"');
        }
        return out.toString();
    }

    @Test
    void attributesPerElement() {
        assertThatCode(() -> read("<r" + attributes(3, 1) + "/>")).doesNotThrowAnyException();
        assertThatThrownBy(() -> read("<r" + attributes(4, 1) + "/>"))
                .isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void attributeSize() {
        assertThatCode(() -> read("<r" + attributes(1, 10) + "/>")).doesNotThrowAnyException();
        assertThatThrownBy(() -> read("<r" + attributes(1, 11) + "/>")).isInstanceOf(XMLStreamException.class);
    }

    @Test
    void depth() {
        assertThatCode(() -> read("<a>".repeat(6) + "</a>".repeat(6))).doesNotThrowAnyException();
        assertThatThrownBy(() -> read("<a>".repeat(7) + "</a>".repeat(7))).isInstanceOf(XMLStreamException.class);
    }

    @Test
    void childrenPerElement() {
        assertThatCode(() -> read("<r>" + "<c/>".repeat(5) + "</r>")).doesNotThrowAnyException();
        assertThatThrownBy(() -> read("<r>" + "<c/>".repeat(6) + "</r>")).isInstanceOf(XMLStreamException.class);
    }

    @Test
    void elementsInTheDocument() {
        // The root, 4 groups of 5 children and a fifth group of 4: 30 elements, no element over 5 children.
        String group = "<g>" + "<c/>".repeat(5) + "</g>";
        assertThatCode(() -> read("<r>" + group.repeat(4) + "<g>" + "<c/>".repeat(4) + "</g></r>"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> read("<r>" + group.repeat(5) + "</r>"))
                .isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void textLength() {
        assertThatCode(() -> read("<r>" + "t".repeat(20) + "</r>")).doesNotThrowAnyException();
        assertThatThrownBy(() -> read("<r>" + "t".repeat(21) + "</r>")).isInstanceOf(XMLStreamException.class);
    }

    @Test
    void entitiesAreNeverExpanded() throws XMLStreamException {
        // CXF refuses the DTD event itself (the corpus's DTD cases); the factory never expands one.
        XMLStreamReader reader =
                FACTORY.createXMLStreamReader(new StringReader("<!DOCTYPE r [<!ENTITY e \"expanded\">]><r>&e;</r>"));
        StringBuilder text = new StringBuilder();
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamReader.CHARACTERS) {
                text.append(reader.getText());
            }
        }
        assertThat(text.toString()).doesNotContain("expanded");
    }
}
