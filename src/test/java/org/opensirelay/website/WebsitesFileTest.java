package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/** relay.websites-file: the fields of relay.websites[N], bound entry by entry, each problem named by file, entry and field. */
@Tag("unit")
class WebsitesFileTest {

    @TempDir
    Path dir;

    @Test
    void aYamlFileGivesItsWebsitesWithTheSettingsDefaultsInEitherSpelling() throws IOException {
        Path file = write("websites.yaml", """
                websites:
                  - code: SHOP1
                    key: 0f3c8e1d9a7b4c2e5f6a8b9c0d1e2f3a
                    api-token: shop1-api-token-0123456789
                    shop:
                      url: https://shop1.example/opensi
                    delivery:
                      immediate: true
                      interval: PT5M
                    returns:
                      reasons:
                        "[Colis abîmé]": damagedOrDefectiveItem
                  - code: SHOP2
                    key: 3e5a7c9e1b3d5f7a9c1e8c2f4e6a0b1d
                    apiToken: shop2-api-token-0123456789
                """);

        List<WebsiteConfig> websites = WebsitesFile.read(file);

        assertThat(websites).extracting(WebsiteConfig::code).containsExactly("SHOP1", "SHOP2");
        WebsiteConfig shop1 = websites.get(0);
        assertThat(shop1.shop().url()).hasToString("https://shop1.example/opensi");
        assertThat(shop1.delivery().immediate()).isTrue();
        assertThat(shop1.delivery().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(shop1.returns().reasons()).containsEntry("Colis abîmé", "damagedOrDefectiveItem");
        assertThat(websites.get(1).apiToken()).isEqualTo("shop2-api-token-0123456789");
        // What the file does not say is what relay.websites[N] defaults to.
        assertThat(websites.get(1).security()).isEqualTo(SecurityMode.KEY);
        assertThat(websites.get(1).delivery().interval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jsonIsReadToo() throws IOException {
        Path file = write("websites.json", """
                {"websites": [{"code": "SHOP1", "key": "0f3c8e1d9a7b4c2e5f6a8b9c0d1e2f3a",
                               "shop": {"url": "https://shop1.example/opensi"}}]}
                """);

        assertThat(WebsitesFile.read(file))
                .singleElement()
                .satisfies(w -> assertThat(w.code()).isEqualTo("SHOP1"));
    }

    @Test
    void aFieldNoWebsiteHasAndAValueThatDoesNotBindAreNamedByFileEntryAndField() throws IOException {
        Path file = write("websites.yaml", """
                websites:
                  - code: SHOP1
                    key: 0f3c8e1d9a7b4c2e5f6a8b9c0d1e2f3a
                  - code: SHOP2
                    key: 3e5a7c9e1b3d5f7a9c1e8c2f4e6a0b1d
                    delivery:
                      imediate: true
                  - code: SHOP3
                    key: 1b3d5f7a9c1e8c2f4e6a0b1d3e5a7c9e
                    delivery:
                      interval: every ten minutes
                """);

        assertThatThrownBy(() -> WebsitesFile.read(file))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems())
                        .containsExactly(
                                "relay.websites-file " + file
                                        + ": websites[1].delivery.imediate is not a website setting"
                                        + " (see relay.websites[N] in docs/configuration.md)",
                                "relay.websites-file " + file + ": websites[2].delivery.interval: "
                                        + problemOf("every ten minutes")));
    }

    @Test
    void aFileThatIsNotThereOrNotYamlStopsTheStartNamingIt() throws IOException {
        Path missing = dir.resolve("nowhere.yaml");
        assertThatThrownBy(() -> WebsitesFile.read(missing))
                .hasMessage("relay.websites-file " + missing + " is not a file the relay can read");

        Path broken = write("broken.yaml", "websites:\n  - code: [SHOP1\n");
        assertThatThrownBy(() -> WebsitesFile.read(broken))
                .hasMessageStartingWith("relay.websites-file " + broken + " is not YAML or JSON: ");

        Path notAList = write("flat.yaml", "code: SHOP1\n");
        assertThatThrownBy(() -> WebsitesFile.read(notAList))
                .hasMessage("relay.websites-file " + notAList
                        + ": code is not in a website: the file holds a list of websites under 'websites:'");
    }

    /** Every entry read, in order (10,000 of them, with the time and memory they take, is bench/many-websites). */
    @Test
    void thousandsOfWebsitesAreReadOneByOne() throws IOException {
        StringBuilder yaml = new StringBuilder("websites:\n");
        for (int i = 0; i < 2_000; i++) {
            yaml.append("  - code: SHOP")
                    .append(i)
                    .append("\n    key: key-of-website-")
                    .append(String.format("%016d", i))
                    .append("\n    shop:\n      url: https://shop")
                    .append(i)
                    .append(".example/opensi\n");
        }
        Path file = write("many.yaml", yaml.toString());

        List<WebsiteConfig> websites = WebsitesFile.read(file);

        assertThat(websites).hasSize(2_000);
        assertThat(websites.get(1_999).code()).isEqualTo("SHOP1999");
    }

    private static String problemOf(String value) {
        try {
            org.springframework.boot.convert.ApplicationConversionService.getSharedInstance()
                    .convert(value, Duration.class);
            return "converted";
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
