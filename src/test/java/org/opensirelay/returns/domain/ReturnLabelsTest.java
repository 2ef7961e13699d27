package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Every reason of the taxonomy and every state of a return has people's words in English
 * (messages.properties) and in French (messages_fr.properties): one message source for the console and
 * the slip. A code added without its labels fails here, not as "??reason.x??" on a page.
 */
@Tag("unit")
class ReturnLabelsTest {

    @Test
    void everyReasonCodeAndStateHasAnEnglishAndAFrenchLabel() throws IOException {
        Properties english = load("messages.properties");
        Properties french = load("messages_fr.properties");
        List<String> keys = new ArrayList<>();
        ReturnReasons.CODES.forEach(code -> keys.add("reason." + code));
        for (ReturnStatus status : ReturnStatus.values()) {
            if (status != ReturnStatus.CLOSED) {
                keys.add("state." + ReturnState.of(status));
            }
        }
        for (Resolution resolution : Resolution.values()) {
            keys.add("state." + ReturnState.closed(resolution));
        }
        for (String key : keys) {
            assertThat(english.getProperty(key)).as("English label of %s", key).isNotBlank();
            assertThat(french.getProperty(key)).as("French label of %s", key).isNotBlank();
            assertThat(french.getProperty(key))
                    .as("%s is translated, not copied", key)
                    .isNotEqualTo(english.getProperty(key));
        }
    }

    /**
     * The console's and the slip's words: every key of one language is in the other, with the same
     * arguments; a message with arguments goes through MessageFormat, where a lone apostrophe
     * ("l'ERP") would swallow the text after it, so there it is doubled.
     */
    @Test
    void everyMessageIsInBothLanguagesWithTheSameArguments() throws IOException {
        Properties english = load("messages.properties");
        Properties french = load("messages_fr.properties");
        assertThat(french.stringPropertyNames())
                .as("keys of messages.properties missing from messages_fr.properties")
                .containsAll(english.stringPropertyNames());
        assertThat(english.stringPropertyNames())
                .as("keys of messages_fr.properties missing from messages.properties")
                .containsAll(french.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            assertThat(arguments(french.getProperty(key)))
                    .as("the arguments of %s in French", key)
                    .isEqualTo(arguments(english.getProperty(key)));
            for (Properties language : List.of(english, french)) {
                String text = language.getProperty(key);
                if (!arguments(text).isEmpty()) {
                    assertThat(text.replace("''", ""))
                            .as("%s = %s: an apostrophe is doubled where there are arguments", key, text)
                            .doesNotContain("'");
                }
            }
        }
    }

    private static java.util.Set<String> arguments(String text) {
        java.util.Set<String> found = new java.util.TreeSet<>();
        java.util.regex.Matcher argument =
                java.util.regex.Pattern.compile("\\{\\d+\\}").matcher(text);
        while (argument.find()) {
            found.add(argument.group());
        }
        return found;
    }

    /** Read as Spring reads them (UTF-8), French words come out whole: "Article endommagé ou défectueux". */
    @Test
    void frenchLabelsReadWithTheirAccentsAndEnglishIsTheDefault() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        assertThat(messages.getMessage("reason.damagedOrDefectiveItem", null, Locale.FRENCH))
                .isEqualTo("Article endommagé ou défectueux");
        assertThat(messages.getMessage("reason.damagedOrDefectiveItem", null, Locale.forLanguageTag("fr-CA")))
                .isEqualTo("Article endommagé ou défectueux");
        assertThat(messages.getMessage("reason.damagedOrDefectiveItem", null, Locale.GERMAN))
                .isEqualTo("Damaged or defective item");
        assertThat(messages.getMessage("state.CLOSED_REFUNDED", null, Locale.FRENCH))
                .isEqualTo("Remboursé");
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ReturnLabelsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
