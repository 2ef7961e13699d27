package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The embedded database and the secrets beside it are readable by the relay's user only; a taken port is found before anything is written. */
@Tag("unit")
class DataDirectoryTest {

    @Test
    void aDataDirectoryTheRelayCreatesAndItsDatabaseAndSecretFilesAreTheOwnersOnly(@TempDir Path parent)
            throws IOException {
        Path dataDir = parent.resolve("data");
        MockEnvironment environment = new MockEnvironment()
                .withProperty("relay.data-dir", dataDir.toString())
                .withProperty("spring.datasource.url", "jdbc:h2:file:" + dataDir + "/opensi-relay");

        SettingsCheck.check(environment);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwx------");
        // A database file and a token left readable by an earlier version, and an operator's own file.
        Path database = Files.writeString(dataDir.resolve("opensi-relay.mv.db"), "h2");
        Path token = Files.writeString(dataDir.resolve("demo-admin.token"), "secret");
        Path notes = Files.writeString(dataDir.resolve("notes.txt"), "mine");
        for (Path file : new Path[] {database, token, notes}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        SettingsCheck.check(environment);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notes)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void aTakenPortStopsTheStartBeforeTheDataDirectoryIsMade(@TempDir Path parent) throws IOException {
        Path dataDir = parent.resolve("data");
        try (ServerSocket taken = new ServerSocket(0)) {
            MockEnvironment environment = new MockEnvironment()
                    .withProperty("relay.data-dir", dataDir.toString())
                    .withProperty("server.port", Integer.toString(taken.getLocalPort()))
                    .withProperty("spring.datasource.url", "jdbc:h2:file:" + dataDir + "/opensi-relay");

            assertThatThrownBy(() -> SettingsCheck.check(environment))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("server.port " + taken.getLocalPort() + " is taken")
                    .satisfies(e ->
                            assertThat(((InvalidSettingsException) e).action()).contains("--server.port=9090"));
            assertThat(dataDir).doesNotExist();
        }
    }

    @Test
    void anExistingDirectoryKeepsItsMode(@TempDir Path parent) throws IOException {
        Path dataDir = Files.createDirectory(parent.resolve("shared"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-x---"));

        SettingsCheck.check(new MockEnvironment()
                .withProperty("relay.data-dir", dataDir.toString())
                .withProperty("spring.datasource.url", "jdbc:h2:file:" + dataDir + "/opensi-relay"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwxr-x---");
    }
}
