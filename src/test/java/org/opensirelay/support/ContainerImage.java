package org.opensirelay.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The container image as the pom's Jib configuration declares it: what the image's entrypoint runs
 * ({@code java <jvmFlags> … <main class>}), with which environment, as which user, with which volume.
 * Read from {@code pom.xml} itself, so that a test starting the packaged jar "as the image would"
 * follows any change of the image's settings.
 */
public record ContainerImage(Map<String, String> environment, List<String> jvmFlags, int uid, String volume) {

    public static ContainerImage fromPom() {
        try {
            Document pom = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(Path.of("pom.xml").toFile());
            Element jib = null;
            NodeList plugins = pom.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                    jib = plugin;
                }
            }
            if (jib == null) {
                throw new IllegalStateException("no jib-maven-plugin in pom.xml");
            }
            Element container = (Element) jib.getElementsByTagName("container").item(0);
            Map<String, String> environment = new LinkedHashMap<>();
            Element env =
                    (Element) container.getElementsByTagName("environment").item(0);
            if (env != null) {
                for (Node n = env.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element variable) {
                        environment.put(
                                variable.getTagName(), variable.getTextContent().strip());
                    }
                }
            }
            List<String> flags = new ArrayList<>();
            NodeList jvmFlags = container.getElementsByTagName("jvmFlag");
            for (int i = 0; i < jvmFlags.getLength(); i++) {
                flags.add(jvmFlags.item(i).getTextContent().strip());
            }
            int uid = Integer.parseInt(text(container, "user").split(":")[0]);
            return new ContainerImage(environment, List.copyOf(flags), uid, text(container, "volume"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the image's settings from pom.xml", e);
        }
    }

    /**
     * The image's environment with its volume's path replaced by {@code mounted} (where a test mounts
     * a directory of its own in the volume's place).
     */
    public Map<String, String> environmentWithVolumeAt(Path mounted) {
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach(
                (k, v) -> env.put(k, v.equals(volume) ? mounted.toAbsolutePath().toString() : v));
        return env;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
