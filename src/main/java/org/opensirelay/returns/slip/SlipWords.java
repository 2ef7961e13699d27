package org.opensirelay.returns.slip;

import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * The slip's words in French and in English, from the relay's one message source
 * (messages.properties, messages_fr.properties): the slip, the console and the reasons chart say a
 * reason the same way. French first: the merchants this contract serves work in French.
 */
final class SlipWords {

    private final MessageSource messages;

    public SlipWords(MessageSource messages) {
        this.messages = messages;
    }

    String french(String key) {
        return messages.getMessage(key, null, Locale.FRENCH);
    }

    String english(String key) {
        return messages.getMessage(key, null, Locale.ENGLISH);
    }

    /** "Retour / Return". */
    String both(String key) {
        return french(key) + " / " + english(key);
    }

    /** A reason's label in French, the code itself should a code ever lack one. */
    String reasonInFrench(String code) {
        return messages.getMessage("reason." + code, null, code, Locale.FRENCH);
    }

    String reasonInEnglish(String code) {
        return messages.getMessage("reason." + code, null, code, Locale.ENGLISH);
    }
}
