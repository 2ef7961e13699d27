package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;

/**
 * Serving over HTTPS with a Spring Boot SSL bundle: a self-signed certificate is made for the test
 * with the JDK's keytool, the relay serves SOAP and ?wsdl over TLS, and a client that trusts that
 * certificate posts the seed envelope.
 */
class TlsTest {

    private static final String KEY = "d3d9446802a44259755d38e6d163e820";
    private static final String STORE_PASSWORD = "test-store-password";

    @Test
    void soapOverHttpsWithAnSslBundle(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("relay.p12");
        Process keytool = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "relay",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        STORE_PASSWORD,
                        "-keypass",
                        STORE_PASSWORD))
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor())
                .as(new String(keytool.getInputStream().readAllBytes()))
                .isZero();

        try (RelayProcess relay = RelayProcess.start(
                dir.resolve("data"),
                "--relay.websites[0].code=TLS",
                "--relay.websites[0].key=" + KEY,
                "--server.ssl.bundle=relay",
                "--spring.ssl.bundle.jks.relay.keystore.location=file:" + keystore,
                "--spring.ssl.bundle.jks.relay.keystore.password=" + STORE_PASSWORD,
                "--spring.ssl.bundle.jks.relay.keystore.type=PKCS12")) {
            HttpClient https =
                    HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            URI endpoint = URI.create("https://localhost:" + relay.port() + "/soap/opensi");

            HttpResponse<String> answer = https.send(
                    HttpRequest.newBuilder(endpoint)
                            .header("Content-Type", "text/xml; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    Envelope.fixture("setComments-seed.xml", KEY, "TLS")
                                            .toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("<ns2:Code>1001</ns2:Code>");

            HttpResponse<String> wsdl = https.send(
                    HttpRequest.newBuilder(URI.create(endpoint + "?wsdl")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wsdl.body()).contains("location=\"https://localhost:" + relay.port() + "/soap/opensi\"");
        }
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
