package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The container image's Jib configuration (it cannot be built here: Jib pulls its base image from a
 * registry this machine does not reach): a Java 17 runtime, a non-root user, port 8080, the data
 * directory on a volume, the production heap flags.
 */
@Tag("unit")
class ContainerImageConfigTest {

    @Test
    void theImageRunsAsANonRootUserWithItsPortAndDataVolumeDeclared() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element jib = null;
        var plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                jib = plugin;
            }
        }
        assertThat(jib).as("jib-maven-plugin in pom.xml").isNotNull();
        assertThat(text(jib, "version")).isEqualTo("3.4.4");
        assertThat(text((Element) jib.getElementsByTagName("from").item(0), "image"))
                .isEqualTo("eclipse-temurin:17-jre");
        Element container = (Element) jib.getElementsByTagName("container").item(0);
        String user = text(container, "user");
        assertThat(user).matches("\\d+:\\d+");
        assertThat(user.split(":")[0]).isNotEqualTo("0");
        assertThat(text(container, "port")).isEqualTo("8080");
        assertThat(text(container, "volume")).isEqualTo("/data");
        assertThat(text(container, "RELAY_DATA_DIR")).isEqualTo("/data");
        assertThat(container.getElementsByTagName("jvmFlag").item(1).getTextContent())
                .isEqualTo("-Xmx192m");
        // The mount point exists in the image and the non-root user may write it (a mounted volume brings its own
        // rights).
        assertThat(Files.isDirectory(Path.of("src/main/jib/data"))).isTrue();
        assertThat(text(jib, "mode")).isEqualTo("777");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
