package org.opensirelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.HeadlessChromium;
import org.opensirelay.support.RelayProcess;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A newcomer's first hour: the demo starts, its log says where the console's token is, they sign in,
 * post the OpenSi article's comment, and watch it delivered to the demo shop on the page.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleNewcomerTest {

    @Test
    void theDemoRunsPostsAndShowsTheDeliveryOnTheConsole(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        WebDriver browser = HeadlessChromium.start();
        try (RelayProcess relay = RelayProcess.start(dataDir)) {
            Path tokenFile = dataDir.resolve("demo-admin.token");
            assertThat(output.getAll())
                    .contains(
                            "admin token (console at /console, admin API)",
                            tokenFile.toAbsolutePath().toString());
            String token = Files.readString(tokenFile).strip();
            assertThat(output.getAll()).doesNotContain(token);

            // The relay's own address leads to the console's sign-in, which says where the demo's token is.
            browser.get("http://localhost:" + relay.port() + "/");
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/console/login$"));
            assertThat(browser.findElement(By.id("demo-token")).getText())
                    .contains(tokenFile.toAbsolutePath().toString());
            browser.findElement(By.id("token")).sendKeys(token);
            browser.findElement(By.id("sign-in")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/console$"));
            assertThat(browser.findElement(By.cssSelector("#website-DEMO .backlog"))
                            .getText())
                    .isEqualTo("0");

            String key = Files.readString(dataDir.resolve("demo-website.key")).strip();
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", key, "DEMO"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            Eventually.within(Duration.ofSeconds(10), "the console shows the comment delivered", () -> {
                browser.navigate().refresh();
                return !browser.findElement(By.cssSelector("#website-DEMO td:nth-child(5)"))
                        .getText()
                        .equals("never");
            });
            // The demo shop's address as the relay calls it, not its placeholders.
            assertThat(browser.findElement(By.cssSelector("#website-DEMO")).getText())
                    .contains("http://127.0.0.1:" + relay.port() + "/demo-shop/opensi")
                    .doesNotContain("${");
            browser.findElement(By.linkText("DEMO")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.urlMatches("/console/websites/DEMO$"));
            browser.findElement(By.id("tab-DELIVERED")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.urlMatches("status=DELIVERED$"));
            assertThat(browser.findElement(By.cssSelector("#deliveries tbody tr"))
                            .getText())
                    .contains("comment 1", "1001");
            HeadlessChromium.screenshot(browser, "newcomer-delivered");
        } finally {
            browser.quit();
        }
    }
}
