package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.RelayProcess;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The first hour without surprises: what a newcomer gets wrong stops the start with a short
 * paragraph that names the problem and what to do, not a stack trace with the cause at the bottom.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupProblemsTest {

    private static final String[] WEBSITE = {
        "--relay.websites[0].code=SHOP1", "--relay.websites[0].key=5f4dcc3b5aa765d61d8327deb882cf99"
    };

    private static String[] with(String... more) {
        String[] all = new String[WEBSITE.length + more.length];
        System.arraycopy(WEBSITE, 0, all, 0, WEBSITE.length);
        System.arraycopy(more, 0, all, WEBSITE.length, more.length);
        return all;
    }

    /** The failure paragraph Spring Boot printed: short, with the setting named, no stack trace in it. */
    private static String paragraph(CapturedOutput output) {
        String all = output.getAll();
        assertThat(all).contains("APPLICATION FAILED TO START");
        String paragraph = all.substring(all.lastIndexOf("APPLICATION FAILED TO START"));
        assertThat(paragraph.lines().count()).as(paragraph).isLessThan(20);
        assertThat(paragraph).doesNotContain("\tat ");
        return paragraph;
    }

    @Test
    void typosInSettingsStopTheStartNamingTheNearestKnownOne(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() -> RelayProcess.start(
                        dataDir,
                        with(
                                "--relay.websites[0].shop.ulr=http://shop.example/opensi",
                                "--relay.websites[0].delivery.imediate=true",
                                "--relay.admin.tokn=abc")))
                .isNotNull();
        assertThat(paragraph(output))
                .contains(
                        "Unknown setting relay.websites[0].shop.ulr (from \"relay.websites[0].shop.ulr\" from property source \"commandLineArgs\"): did you mean relay.websites[0].shop.url?",
                        "relay.websites[0].delivery.imediate",
                        "did you mean relay.websites[0].delivery.immediate?",
                        "relay.admin.tokn",
                        "did you mean relay.admin.token?",
                        "every setting is listed in docs/configuration.md");
    }

    @Test
    void aShortAdminTokenStopsTheStartAsAShortWebsiteKeyDoes(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() -> RelayProcess.start(dataDir, with("--relay.admin.token=a")))
                .isNotNull();
        assertThat(paragraph(output))
                .contains("relay.admin.token has 1 characters; it must have at least 16", "openssl rand -hex 24")
                .doesNotContain("--relay.admin.token=a");
    }

    @Test
    void aMissingKeyIsSaidToBeMissing(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() -> RelayProcess.start(dataDir, "--relay.websites[0].code=SHOP1"))
                .isNotNull();
        assertThat(paragraph(output))
                .contains("relay.websites[0].key is missing: the key the ERP sends in Header/key for website 'SHOP1'");
    }

    @Test
    void anUnwritableDataDirectoryIsNamed(@TempDir Path dir, CapturedOutput output) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file where the data directory should be");
        assertThatThrownBy(() -> RelayProcess.start(notADirectory, WEBSITE)).isNotNull();
        assertThat(paragraph(output))
                .contains(
                        "relay.data-dir " + notADirectory + " cannot be used for the database",
                        "Give --relay.data-dir a directory this user can create and write");
    }

    @Test
    void aSecondRelayOnTheSameDataDirectoryIsToldWhy(@TempDir Path dataDir, CapturedOutput output) throws Exception {
        try (ChildRelay first = ChildRelay.start(dataDir, WEBSITE)) {
            assertThatThrownBy(() -> RelayProcess.start(dataDir, WEBSITE)).isNotNull();
            String paragraph = paragraph(output);
            assertThat(paragraph)
                    .contains(
                            "most likely a second relay started on the same relay.data-dir",
                            "start this one with a --relay.data-dir of its own")
                    .doesNotContain("server mode");
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void aWebsiteWithoutAShopIsAClearWarning(@TempDir Path dataDir, CapturedOutput output) {
        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            assertThat(output.getAll())
                    .contains("Website 'SHOP1' has no relay.websites[0].shop.url: its items are kept,"
                            + " and delivered to no shop until one is set");
        }
    }
}
