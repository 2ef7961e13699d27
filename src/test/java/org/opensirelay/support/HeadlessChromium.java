package org.opensirelay.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, driven through its chromium-driver: never a browser downloaded by a tool.
 * Missing on a developer's machine, the tests that need it are skipped with a message; under CI=true
 * they fail (.ci/run installs both).
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console");

    private HeadlessChromium() {}

    /** A browser whose language is English (en-US), whatever the machine's: the console's assertions read English. */
    public static WebDriver start() {
        return start("en-US");
    }

    /**
     * A browser whose language is {@code language} (e.g. "fr-FR"): its interface and the
     * Accept-Language it sends, as a reader's browser set to that language.
     */
    public static WebDriver start(String language) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + DRIVER
                    + " is missing: .ci/run installs chromium and chromium-driver");
        }
        Assumptions.assumeTrue(
                present,
                "no chromium/chromium-driver here (apt-get install chromium chromium-driver): browser tests skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--lang=" + language);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        WebDriver browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(DRIVER.toFile())
                        .build(),
                options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        return browser;
    }

    /** Saves what the browser shows as target/console/{@code name}.png. */
    public static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SHOTS);
            File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
