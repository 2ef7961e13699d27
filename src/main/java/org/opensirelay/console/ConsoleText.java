package org.opensirelay.console;

import java.util.Arrays;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * The console's sentences written in Java (notices after an action, the overview's reasons and chart
 * summaries) in the reader's language, from the same messages the pages read. Every argument is
 * passed as text: MessageFormat would otherwise write a delivery's id 1234 as "1,234".
 */
final class ConsoleText {

    private final MessageSource messages;

    ConsoleText(MessageSource messages) {
        this.messages = messages;
    }

    String text(String key, Object... arguments) {
        Object[] texts = Arrays.stream(arguments).map(String::valueOf).toArray();
        return messages.getMessage(key, texts, LocaleContextHolder.getLocale());
    }
}
