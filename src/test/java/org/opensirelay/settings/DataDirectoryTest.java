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

    /**
     * H2 creates its files with the process's umask (rw-r--r--), in a world-writable volume too: they are
     * there, empty and owner-only, before the database opens them (H2 takes an empty file as a new
     * database, and appends to its trace file).
     */
    @Test
    void theDatabaseFileIsMadeOwnerOnlyBeforeTheDatabaseOpensItInAWorldWritableVolume(@TempDir Path parent)
            throws IOException {
        Path volume = Files.createDirectory(parent.resolve("data"));
        Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxrwxrwx"));

        SettingsCheck.check(new MockEnvironment()
                .withProperty("server.port", "0")
                .withProperty("relay.data-dir", volume.toString())
                .withProperty("spring.datasource.url", "jdbc:h2:file:" + volume + "/opensi-relay;QUERY_CACHE_SIZE=64"));

        for (String name : new String[] {"opensi-relay.mv.db", "opensi-relay.trace.db"}) {
            Path file = volume.resolve(name);
            assertThat(file).isEmptyFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as(name)
                    .isEqualTo("rw-------");
        }
        // The volume keeps its own mode (an operator's, or the image's).
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(volume)))
                .isEqualTo("rwxrwxrwx");
    }

    @Test
    void theFilesOfAnH2Url() {
        assertThat(SettingsCheck.h2Files("jdbc:h2:file:./data/opensi-relay;QUERY_CACHE_SIZE=64"))
                .containsExactly(Path.of("./data/opensi-relay.mv.db"), Path.of("./data/opensi-relay.trace.db"));
        assertThat(SettingsCheck.h2Files("jdbc:h2:file:/data/relay")).first().isEqualTo(Path.of("/data/relay.mv.db"));
        assertThat(SettingsCheck.h2Files("jdbc:h2:file:~/relay"))
                .first()
                .isEqualTo(Path.of(System.getProperty("user.home"), "relay.mv.db"));
        assertThat(SettingsCheck.h2Files("jdbc:h2:mem:test")).isEmpty();
        assertThat(SettingsCheck.h2Files("jdbc:postgresql://db/relay")).isEmpty();
    }

    /** A secret file in a world-writable directory is owner-only; one left half-written by a crash does not stop it. */
    @Test
    void secretFilesAreWrittenOwnerOnlyAndWhole(@TempDir Path parent) throws IOException {
        Path volume = Files.createDirectory(parent.resolve("data"));
        Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(volume.resolve("website-secrets.key.new"), "half");

        byte[] secret = OwnerOnly.secretFile(volume.resolve("website-secrets.key"));
        OwnerOnly.write(volume.resolve("demo-admin.token"), "token\n");

        assertThat(secret).hasSize(64);
        assertThat(OwnerOnly.secretFile(volume.resolve("website-secrets.key"))).isEqualTo(secret);
        for (String name : new String[] {"website-secrets.key", "demo-admin.token"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(volume.resolve(name))))
                    .as(name)
                    .isEqualTo("rw-------");
        }
        assertThat(volume.resolve("demo-admin.token")).hasContent("token\n");
        assertThat(volume.resolve("website-secrets.key.new")).doesNotExist();
    }
}
